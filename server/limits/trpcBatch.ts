import type { IncomingMessage, ServerResponse } from 'node:http';

/** The most calls one tRPC request may carry: the client batches a screen's reads, never more than a few. */
export const MAX_BATCH = 20;

/** Procedures that hash a password: one per request, so a batch cannot multiply the work of one. */
const PASSWORD_PROCEDURES = new Set(['auth.login', 'setup.create', 'invites.accept']);

function refuse(res: ServerResponse, status: number, code: string, message: string): true {
  // The shape of a tRPC error, so clients and scripts read it like any other.
  res
    .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
    .end(JSON.stringify({ error: { message, code: status === 413 ? -32013 : -32600, data: { code, httpStatus: status } } }));
  return true;
}

/**
 * Answers a /trpc request that carries too many calls (413) or a password procedure among others
 * (400), before tRPC parses or runs any of it; returns false when the request may go on.
 */
export function refuseBatch(req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = (req.url ?? '').split('?')[0]!.slice('/trpc/'.length);
  let paths: string[];
  try {
    paths = decodeURIComponent(pathname).split(',');
  } catch {
    return false; // tRPC answers a malformed path itself
  }
  if (paths.length > 1 && paths.some((p) => PASSWORD_PROCEDURES.has(p))) {
    req.resume();
    return refuse(res, 400, 'BAD_REQUEST', 'Sign in with one request at a time.');
  }
  if (paths.length > MAX_BATCH) {
    req.resume();
    return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `Too many calls in one request: at most ${MAX_BATCH}. Send them in smaller batches.`);
  }
  return false;
}

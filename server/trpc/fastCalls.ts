import type { IncomingMessage, ServerResponse } from 'node:http';
import { getErrorShape, getHTTPStatusCodeFromError, getTRPCErrorFromUnknown, TRPCError } from '@trpc/server/unstable-core-do-not-import';
import type { AppRouter } from '../routers/root';
import type { Context } from './context';

/**
 * The hot ingest call, `webchat.send` (every website-chat message), answered without tRPC's fetch
 * adapter: that adapter turns each Node request into a Fetch Request with web streams and an
 * AbortController, and the answer back again, which was about a fifth of a chat message's CPU.
 * The procedure itself runs unchanged through a server-side caller: the same middleware (group
 * commit, limits), the same zod input, the same errors in the same shape and status. Only the
 * plain JSON forms take this path (`POST /trpc/webchat.send`, with or without `?batch=1` for one
 * call); anything else, or a body that is not a JSON object of that form, goes to tRPC as it came.
 */
const FAST = new Set(['webchat.send']);

type Fallback = (req: IncomingMessage & { body?: string }, res: ServerResponse) => void;

export function createFastCalls(opts: {
  router: AppRouter;
  createContext: (o: { req: IncomingMessage; res: ServerResponse }) => Context;
  maxBodySize: number;
  /** tRPC's handler, for what this path does not take (given the body it already read). */
  fallback: Fallback;
  onError: (o: { error: TRPCError; path: string }) => void;
}) {
  const createCaller = opts.router.createCaller;
  const config = opts.router._def._config;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) }).end(json);
  };
  const errorBody = (error: TRPCError, path: string, input: unknown, ctx: Context | undefined) => ({
    error: getErrorShape({ config, error, type: 'mutation', path, input, ctx }),
  });

  /** Takes the request when it is a fast call (returns true), else leaves it untouched (false). */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = url.slice('/trpc/'.length, q < 0 ? undefined : q);
    const search = q < 0 ? '' : url.slice(q + 1);
    if (!FAST.has(path) || (search !== '' && search !== 'batch=1')) return false;
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return false;
    const batch = search === 'batch=1';

    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > opts.maxBodySize) {
        tooLarge = true;
        chunks.length = 0;
        const error = new TRPCError({ code: 'PAYLOAD_TOO_LARGE' });
        const body = errorBody(error, path, undefined, undefined);
        answer(res, getHTTPStatusCodeFromError(error), batch ? [body] : body);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      // One call of the form tRPC's clients send; any other form is tRPC's to answer (and word).
      const call = !batch ? parsed : parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed).length === 1 && '0' in parsed ? (parsed as { 0: unknown })[0] : undefined;
      if (call === undefined || call === null || typeof call !== 'object' || Array.isArray(call)) return void opts.fallback(Object.assign(req, { body: text }), res);
      void run(req, res, path, call, batch);
    });
    req.on('error', () => res.destroy());
    return true;
  };

  async function run(req: IncomingMessage, res: ServerResponse, path: string, input: unknown, batch: boolean) {
    let ctx: Context | undefined;
    try {
      ctx = opts.createContext({ req, res });
      const data = await createCaller(ctx).webchat.send(input as Parameters<ReturnType<typeof createCaller>['webchat']['send']>[0]);
      const body = { result: { data } };
      answer(res, 200, batch ? [body] : body);
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      opts.onError({ error, path });
      const body = errorBody(error, path, input, ctx);
      answer(res, getHTTPStatusCodeFromError(error), batch ? [body] : body);
    }
  }
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolvedRefusal, urlRefusal, type AddressPolicy } from './addressPolicy';

/** What one POST to a receiver came to, in words an admin understands. */
export type SendOutcome =
  | { ok: true; statusCode: number; ms: number }
  | { ok: false; statusCode: number | null; ms: number | null; error: string; retry: boolean; aborted?: boolean };

class Refused extends Error {
  readonly code = 'KAON_REFUSED';
}

/** "10 s", "0.3 s". */
export const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * A DNS lookup that refuses private answers: it runs when the socket connects, so the address
 * checked is the address used (a name that resolves to a public address when saved and to
 * 127.0.0.1 later — DNS rebinding — is refused at send time). Every answer must pass.
 */
function guardedLookup(policy: AddressPolicy, port: number): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refusal = addresses.map((a) => resolvedRefusal(hostname, a.address, port, policy)).find((r) => r !== null);
      if (refusal) return callback(new Refused(refusal), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as LookupFunction;
}

/** Resolves `url`'s name now and says why Kaon would refuse to send there, or null (when a webhook is saved). */
export function addressRefusal(url: URL, policy: AddressPolicy): Promise<string | null> {
  const early = urlRefusal(url, policy);
  if (early) return Promise.resolve(early);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return new Promise((resolve) => {
    guardedLookup(policy, port)(host, { all: true }, (err) => {
      if (!err) return resolve(null);
      resolve(err instanceof Refused ? err.message : `Kaon could not find the server ${host}. Check the address.`);
    });
  });
}

function errorWords(err: NodeJS.ErrnoException, url: URL, timeoutMs: number, timedOut: boolean): { error: string; retry: boolean } {
  if (err instanceof Refused) return { error: err.message, retry: false };
  if (timedOut) return { error: `No answer within ${seconds(timeoutMs)}`, retry: true };
  const where = url.host;
  switch (err.code) {
    case 'ECONNREFUSED':
      return { error: `Kaon could not connect to ${where} (connection refused). Is the receiver running?`, retry: true };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { error: `Kaon could not find the server ${url.hostname}. Check the address.`, retry: true };
    case 'ECONNRESET':
    case 'EPIPE':
      return { error: `${where} closed the connection without answering`, retry: true };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { error: `Kaon cannot reach ${where} from its network`, retry: true };
  }
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(String(err.code ?? ''))) return { error: `The HTTPS certificate of ${where} is not valid (${err.code})`, retry: true };
  return { error: `Kaon could not send to ${where}: ${err.message}`, retry: true };
}

function statusOutcome(res: IncomingMessage, ms: number): SendOutcome {
  const code = res.statusCode ?? 0;
  if (code >= 200 && code < 300) return { ok: true, statusCode: code, ms };
  if (code >= 300 && code < 400) return { ok: false, statusCode: code, ms, error: `The receiver answered ${code} (a redirect). Kaon does not follow redirects: use the final address.`, retry: false };
  if (code === 410) return { ok: false, statusCode: code, ms, error: 'The receiver answered 410 (gone): it does not want these events any more.', retry: false };
  return { ok: false, statusCode: code, ms, error: `The receiver answered ${code}`, retry: true };
}

/**
 * POSTs one delivery. Never throws; never follows redirects; waits at most `timeoutMs` for the
 * answer's status line (the body is not read). `signal` aborts it (Kaon stopping).
 */
export function postDelivery(input: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: AddressPolicy;
  signal?: AbortSignal;
  clock?: () => number;
}): Promise<SendOutcome> {
  const clock = input.clock ?? (() => performance.now());
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return Promise.resolve({ ok: false, statusCode: null, ms: null, error: 'The webhook address is not a valid URL', retry: false });
  }
  const refusal = urlRefusal(url, input.policy);
  if (refusal) return Promise.resolve({ ok: false, statusCode: null, ms: null, error: refusal, retry: false });
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  const started = clock();
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        signal,
        lookup: guardedLookup(input.policy, port),
        headers: { 'content-type': 'application/json', 'user-agent': 'Kaon-Webhooks/1', 'content-length': Buffer.byteLength(input.body), ...input.headers },
      },
      (res) => {
        const outcome = statusOutcome(res, Math.round(clock() - started));
        // The answer's body is not needed: drop it (a receiver that streams forever costs nothing).
        res.destroy();
        resolve(outcome);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      const ms = Math.round(clock() - started);
      if (input.signal?.aborted && !timeout.aborted) return resolve({ ok: false, statusCode: null, ms, error: 'Kaon stopped before the receiver answered', retry: true, aborted: true });
      resolve({ ok: false, statusCode: null, ms: timeout.aborted ? null : ms, ...errorWords(err, url, input.timeoutMs, timeout.aborted) });
    });
    req.end(input.body);
  });
}

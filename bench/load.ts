/**
 * The load generator, in a process of its own (so the client is not what is measured): runs
 * autocannon with a url, method, headers, a fixed body or a request maker (bench/loadRequests.ts),
 * connections and amount, and answers with the figures as JSON. Forked by the benchmarks
 * (runLoad in bench/processes.ts, spec over IPC), or on its own:
 *
 *   node --import tsx bench/load.ts '{"url":"http://localhost:3000/healthz","connections":16,"amount":10000}'
 */
import autocannon from 'autocannon';
import { maker, type MakerSpec } from './loadRequests';

export interface LoadSpec {
  url: string;
  connections: number;
  /** Requests in all; or `seconds` of load (autocannon's duration) when amount is not given. */
  amount?: number;
  seconds?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  maker?: MakerSpec;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Epoch milliseconds (performance.timeOrigin based, so comparable across processes). */
  startedAt: number;
  finishedAt: number;
  seconds: number;
  /** Requests answered 2xx per second. */
  rate: number;
  /** From the start to the first answer (connections opened, first request served). */
  firstAnswerMs: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  /** The first answer that was not 2xx, to say why. */
  firstFailure?: string;
}

const epoch = () => performance.timeOrigin + performance.now();

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const make = spec.maker ? maker(spec.maker) : undefined;
  let next = 0;
  let firstFailure: string | undefined;
  // autocannon reports the end at its next sampling tick; the last answer is the real end.
  let lastAnswerAt = 0;
  let firstAnswerAt = 0;
  const startedAt = epoch();
  const result = await autocannon({
    url: spec.url,
    connections: spec.amount ? Math.min(spec.connections, spec.amount) : spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 10 }),
    timeout: 120,
    sampleInt: 100,
    method: spec.method ?? 'POST',
    headers: spec.headers ?? {},
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    requests: [
      {
        ...(make
          ? {
              setupRequest: (req) => {
                const made = make(next++);
                return { ...req, body: made.body, headers: { ...req.headers, ...made.headers } };
              },
            }
          : {}),
        onResponse: (status, body) => {
          lastAnswerAt = epoch();
          firstAnswerAt ||= lastAnswerAt;
          if ((status < 200 || status >= 300) && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  const finishedAt = lastAnswerAt || epoch();
  const seconds = (finishedAt - startedAt) / 1000;
  return {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    startedAt,
    finishedAt,
    seconds,
    rate: result['2xx'] / seconds,
    firstAnswerMs: firstAnswerAt - startedAt,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    ...(firstFailure !== undefined ? { firstFailure } : {}),
  };
}

if (process.send) {
  process.once('message', (spec: LoadSpec) => {
    load(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (err: unknown) => process.send!({ error: String(err) }, () => process.exit(1)),
    );
  });
} else if (process.argv[2]) {
  console.log(JSON.stringify(await load(JSON.parse(process.argv[2]) as LoadSpec), null, 2));
}

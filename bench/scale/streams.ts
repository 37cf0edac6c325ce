/**
 * Idle website-chat visitors: each holds the page's live channel open, a `webchat.events` tRPC
 * SSE subscription with its visitor cookie, as the chat page does after hello.
 */
import { get, type ClientRequest } from 'node:http';

export interface Streams {
  count: number;
  close(): void;
}

/** Opens one events stream per cookie (`concurrency` connecting at a time); resolves once every one has answered 200. */
export async function openStreams(base: string, channelKey: string, cookies: readonly string[], concurrency = 32): Promise<Streams> {
  const requests: ClientRequest[] = [];
  const url = `${base}/trpc/webchat.events?input=${encodeURIComponent(JSON.stringify({ channelKey }))}`;
  const open = (cookie: string) =>
    new Promise<void>((resolve, reject) => {
      const req = get(url, { agent: false, headers: { cookie: `kaon_visitor=${cookie}`, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`webchat.events: ${res.statusCode}`));
        res.resume();
        resolve();
      });
      req.on('error', (err) => (closing ? undefined : reject(err)));
      requests.push(req);
    });
  let closing = false;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cookies.length) await open(cookies[next++]!);
    }),
  );
  return {
    count: requests.length,
    close: () => {
      closing = true;
      requests.forEach((req) => req.destroy());
    },
  };
}

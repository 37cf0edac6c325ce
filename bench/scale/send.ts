/** Inbound website-chat messages from autocannon (bench/load.ts), counted done once committed and projected. */
import type { Space } from '../kaonClient';
import type { KaonAsk } from '../kaonServer';
import { runLoad, type Child } from '../processes';

let runs = 0;

export interface Sent {
  /** Inbound messages stored during the run. */
  messages: number;
  /** Messages per second, from the first request to the last message projected into the queue doc. */
  rate: number;
  seconds: number;
}

/**
 * webchat.send requests from `cookies` in turn, `connections` at once: `load.amount` of them, or
 * for `load.seconds` (a rate whose run time does not depend on how slow the server is).
 */
export async function send(kaon: Child<KaonAsk>, space: Space, cookies: readonly string[], load: { amount: number } | { seconds: number }, connections: number): Promise<Sent> {
  const run = await runLoad({
    url: `${kaon.url}/trpc/webchat.send`,
    connections,
    ...load,
    maker: { kind: 'webchatSend', channelKey: space.channelKey, cookies: [...cookies], prefix: `scale${runs++}`, text: 'Where is my order? Message' },
  });
  const done = await kaon.call<{ at: number; messages: number }>({ op: 'settled', spaceId: space.spaceId, since: Math.floor(run.startedAt) - 1 });
  const seconds = (Math.max(done.at, run.finishedAt) - run.startedAt) / 1000;
  return { messages: done.messages, rate: done.messages / seconds, seconds };
}

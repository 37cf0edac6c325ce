/** Inbound website-chat messages from autocannon (bench/load.ts), counted done once committed and projected. */
import type { Space } from '../kaonClient';
import type { KaonAsk } from '../kaonServer';
import { runLoad, type Child } from '../processes';

let runs = 0;

export interface Sent {
  amount: number;
  /** Messages per second, from the first request to the last message projected into the queue doc. */
  rate: number;
  seconds: number;
}

/** `amount` webchat.send requests from `cookies` in turn, `connections` at once. */
export async function send(kaon: Child<KaonAsk>, space: Space, cookies: readonly string[], amount: number, connections: number): Promise<Sent> {
  const run = await runLoad({
    url: `${kaon.url}/trpc/webchat.send`,
    connections,
    amount,
    maker: { kind: 'webchatSend', channelKey: space.channelKey, cookies: [...cookies], prefix: `scale${runs++}`, text: 'Where is my order? Message' },
  });
  const done = await kaon.call<number>({ op: 'settled', spaceId: space.spaceId, since: Math.floor(run.startedAt) - 1 });
  const seconds = (Math.max(done, run.finishedAt) - run.startedAt) / 1000;
  return { amount, rate: amount / seconds, seconds };
}

/**
 * A webhook receiver for tests (only tests import this file): a real HTTP server on port 0 that
 * records every delivery with its raw body and headers, and answers as told: 200 by default, a
 * status for the next N deliveries, or never (a hanging receiver).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: { id: string; type: string; createdAt: string; spaceId: string; data: Record<string, unknown> };
  at: number;
}

type Answer = number | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** The next `times` deliveries get `answer` (a status, or no answer at all). */
  answerNext(answer: Answer, times?: number): void;
  /** Every delivery from now on gets `answer` until told otherwise. */
  answerAlways(answer: Answer): void;
  ofType(type: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const queue: Answer[] = [];
  let always: Answer = 200;
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'];
      try {
        json = JSON.parse(body) as Received['json'];
      } catch {
        json = { id: '', type: '(not JSON)', createdAt: '', spaceId: '', data: {} };
      }
      received.push({ path: req.url ?? '/', headers: req.headers, body, json, at: Date.now() });
      const answer = queue.length ? queue.shift()! : always;
      if (answer === 'hang') return void hanging.add(res);
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/kaon`,
    received,
    answerNext: (answer, times = 1) => {
      for (let i = 0; i < times; i++) queue.push(answer);
    },
    answerAlways: (answer) => void (always = answer),
    ofType: (type) => received.filter((r) => r.json.type === type),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

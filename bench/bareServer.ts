/**
 * Child process of the benchmarks: the baseline, a bare node:http server in its own process like
 * Kaon's (bench/kaonServer.ts), with a ws fan-out to every connected socket.
 *   json: parses the JSON body, sends its `body` (website chat send) to every socket, answers.
 *   hmac <secret>: checks X-Hub-Signature-256 over the raw body, parses it, fans out the text, answers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const [mode, secret] = process.argv.slice(2);

type WhatsAppBody = { entry: Array<{ changes: Array<{ value: { messages?: Array<{ text?: { body: string } }> } }> }> };

const wss = new WebSocketServer({ noServer: true });
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    let text: string;
    if (mode === 'hmac') {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret!).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void res.writeHead(401).end();
      text = (JSON.parse(raw.toString('utf8')) as WhatsAppBody).entry[0]?.changes[0]?.value.messages?.[0]?.text?.body ?? '';
    } else {
      text = (JSON.parse(raw.toString('utf8')) as { body: string }).body;
    }
    for (const ws of wss.clients) ws.send(text);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
server.listen(0, () => process.send!({ id: 0, value: { url: `http://localhost:${(server.address() as AddressInfo).port}`, startMs: 0 } }));
process.on('message', (req: { id: number; op: string }) => {
  if (req.op === 'memory') return void process.send!({ id: req.id, value: process.memoryUsage() });
  if (req.op !== 'close') return void process.send!({ id: req.id, error: `bare server: no ${req.op}` });
  wss.close();
  server.closeAllConnections();
  server.close(() => process.send!({ id: req.id, value: null }, () => process.exit(0)));
});

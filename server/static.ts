import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pageHeaders, type PageKind } from './pageHeaders';
import { precompressed } from './staticFiles/compressed';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves the built client; unknown paths get index.html so client-side routes work on reload.
 * HTML answers carry the CSP and the other page headers (server/pageHeaders.ts).
 */
export function createStaticHandler(root: string, headersOf = pageHeaders({ publicUrl: null, chatFrameAncestors: '*' })) {
  const appIndex = join(root, 'index.html');
  const chatIndex = join(root, 'chat.html');
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      // A malformed escape (`/%E0%A4%A`) would otherwise throw out of the request listener and end the process.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the address is not valid.');
      return;
    }
    const file = normalize(join(root, pathname));
    const inside = file.startsWith(root + sep);
    // The customer chat is its own page; every other unknown path is a client-side route of the app.
    const index = pathname.startsWith('/chat/') ? chatIndex : appIndex;
    const target = inside && existsSync(file) && statSync(file).isFile() ? file : index;
    if (!existsSync(target)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The client is not built. Run `npm run build` (npm start does it for you).');
      return;
    }
    const immutable = target !== index && pathname.startsWith('/assets/');
    const page: PageKind | null = extname(target) === '.html' ? (target === chatIndex ? 'chat' : 'app') : null;
    const encoded = precompressed(target, req.headers['accept-encoding']);
    res.writeHead(200, {
      ...(encoded && { 'Content-Encoding': encoded.encoding }),
      Vary: 'Accept-Encoding',
      'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      ...(page ? headersOf(req, page) : {}),
    });
    if (req.method === 'HEAD') res.end();
    // A file removed between the check and the read ends this response, never the process.
    else createReadStream(encoded?.path ?? target).on('error', () => res.destroy()).pipe(res);
  };
}

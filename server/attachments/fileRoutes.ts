import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveBearer, resolveSession, type Auth } from '../auth/requestAuth';
import { channels } from '../db/channels';
import { contacts } from '../db/contacts';
import { files, type FileRow } from '../db/files';
import { newId } from '../db/ids';
import { memberships } from '../db/spaces';
import type { Deps } from '../deps';
import { visitorKeyOf } from '../auth/visitors';
import { isKnownVisitor, reserveUpload } from '../limits/chat';
import { clientAddress } from '../limits/clientAddress';
import { createFileLinks } from './signedLinks';
import { startSweeping } from './unattachedSweep';
import { BlobStore, TooLarge } from './BlobStore';

/** Images a browser may show inline; everything else downloads (no HTML/SVG from customers runs on our origin). */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MIME = /^[a-z]+\/[a-z0-9.+-]+$/;

function json(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function authOf(deps: Deps, req: IncomingMessage): Auth {
  const header = req.headers.authorization;
  return header !== undefined ? resolveBearer(deps.db, header, deps.now()) : resolveSession(deps.db, req.headers.cookie, deps.now());
}

const visitorKey = (req: IncomingMessage) => visitorKeyOf(req.headers.cookie);

const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * `/files`: uploads (members: POST /files?spaceId=…; visitors: POST /chat/<key>/files) and
 * downloads (GET /files/<id>) for members of the file's space and the visitor of its conversation.
 */
export function createFileRoutes(deps: Deps, maxUploadBytes: number) {
  const store = new BlobStore(deps.config.dataDir);
  const links = createFileLinks(deps.db, deps.now);

  /** `settle` hears the stored size, or -1 when nothing was stored (a visitor's quota gives it back). */
  async function receive(req: IncomingMessage, res: ServerResponse, owner: { spaceId: string; userId?: string; contactKey?: string }, settle: (size: number) => void = () => {}) {
    let stored = -1;
    try {
      await receiveFile(req, res, owner, (size) => (stored = size));
    } finally {
      settle(stored);
    }
  }

  async function receiveFile(req: IncomingMessage, res: ServerResponse, owner: { spaceId: string; userId?: string; contactKey?: string }, done: (size: number) => void) {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = () =>
      json(res, 413, { error: `This file is too large: the limit is ${mb(maxUploadBytes)}. Send a smaller file or share a link to it.` });
    if (declared > maxUploadBytes) {
      req.resume();
      return tooLarge();
    }
    const rawName = String(req.headers['x-file-name'] ?? 'file');
    let name: string;
    try {
      name = decodeURIComponent(rawName).replace(/[/\\\r\n"]/g, '_').slice(0, 200) || 'file';
    } catch {
      name = 'file';
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const mime = MIME.test(type) ? type : 'application/octet-stream';
    try {
      const { sha256, size } = await store.save(req, maxUploadBytes);
      if (size === 0) return json(res, 400, { error: 'This file is empty.' });
      const row: FileRow = {
        id: newId(),
        space_id: owner.spaceId,
        sha256,
        size,
        mime,
        name,
        uploaded_by_user: owner.userId ?? null,
        uploaded_by_contact: owner.contactKey ?? null,
        created_at: deps.now(),
      };
      deps.db.transaction(() => files.insert(deps.db, row))();
      done(size);
      json(res, 201, { id: row.id, name, mime, size });
    } catch (err) {
      if (err instanceof TooLarge) {
        // Stop reading; the client gets the answer and the connection is closed.
        res.setHeader('Connection', 'close');
        return tooLarge();
      }
      if (!res.headersSent) json(res, 400, { error: 'The upload was interrupted. Try again.' });
    }
  }

  function mayDownload(req: IncomingMessage, file: FileRow): boolean {
    const auth = authOf(deps, req);
    if (auth.kind === 'session' || auth.kind === 'token') {
      if (auth.kind === 'token' && auth.spaceId !== file.space_id) return false;
      if (memberships.roleOf(deps.db, file.space_id, auth.user.id)) return true;
    }
    const key = visitorKey(req);
    if (!key) return false;
    if (file.uploaded_by_contact === key) return true;
    const contactIds = files.contactsUsing(deps.db, file.id);
    return channels
      .list(deps.db, file.space_id)
      .some((c) => contactIds.includes(contacts.byIdentity(deps.db, c.id, key)?.id ?? ''));
  }

  let stopSweeping: (() => void) | undefined;
  return {
    /** While the server listens, uploads attached to nothing are removed after their TTL (unattachedSweep.ts). */
    startSweeping() {
      stopSweeping ??= startSweeping(deps);
    },
    stopSweeping() {
      stopSweeping?.();
      stopSweeping = undefined;
    },
    /** POST /files?spaceId=… by a member (session or API token). */
    memberUpload(req: IncomingMessage, res: ServerResponse, url: URL) {
      const auth = authOf(deps, req);
      const spaceId = url.searchParams.get('spaceId') ?? '';
      if (auth.kind !== 'session' && auth.kind !== 'token') return json(res, 401, { error: 'You are not signed in. Sign in and try again.' });
      if (!memberships.roleOf(deps.db, spaceId, auth.user.id) || (auth.kind === 'token' && auth.spaceId !== spaceId)) {
        return json(res, 404, { error: 'This space was not found.' });
      }
      return receive(req, res, { spaceId, userId: auth.user.id });
    },
    /** POST /chat/<key>/files by the visitor (after the chat page set their cookie). */
    visitorUpload(req: IncomingMessage, res: ServerResponse, channelKey: string) {
      const channel = channels.byPublicKey(deps.db, channelKey);
      if (!channel || channel.enabled !== 1) return json(res, 404, { error: 'This chat is not available. Check the link.' });
      const key = visitorKey(req);
      // Only a visitor who opened this chat (hello) or wrote on it uploads: a made-up cookie does not.
      if (!key || !isKnownVisitor(deps, channel.id, key)) {
        req.resume();
        return json(res, 401, { error: 'Reload the chat page and try again.' });
      }
      // The quota is reserved before the bytes arrive (the declared size, else the largest allowed).
      const declared = Number(req.headers['content-length'] ?? 0);
      const reserve = declared > 0 && declared <= maxUploadBytes ? declared : maxUploadBytes;
      const quota = reserveUpload(deps, key, clientAddress(req, deps.config.trustProxy), reserve);
      if (quota.waitMs > 0) {
        req.resume();
        const minutes = Math.max(1, Math.ceil(quota.waitMs / 60_000));
        res.setHeader('Retry-After', String(Math.ceil(quota.waitMs / 1000)));
        return json(res, 429, { error: `You have sent many files in a short time. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.` });
      }
      return receive(req, res, { spaceId: channel.space_id, contactKey: key }, quota.settle);
    },
    /**
     * GET /files/<id>: the right type, inline only for safe images, nosniff, sandboxed. With
     * `exp` and `sig` (a signed link for a provider, see signedLinks.ts) the signature alone
     * decides, without cookies: a bad or expired one is 403 and says nothing about the file.
     */
    download(req: IncomingMessage, res: ServerResponse, fileId: string, url: URL) {
      const signed = url.searchParams.has('sig') || url.searchParams.has('exp');
      if (signed) {
        const check = links.check(fileId, url.searchParams.get('exp'), url.searchParams.get('sig'));
        if (check === 'expired') return json(res, 403, { error: 'This file link has expired. Ask for the file to be sent again.' });
        if (check !== 'ok') return json(res, 403, { error: 'This file link is not valid.' });
      }
      const file = /^[A-Za-z0-9_-]{8,64}$/.test(fileId) ? files.byId(deps.db, fileId) : undefined;
      if (!file || (!signed && !mayDownload(req, file))) return json(res, 404, { error: 'This file was not found.' });
      const inline = INLINE.has(file.mime) && !url.searchParams.has('download');
      res.writeHead(200, {
        'Content-Type': file.mime,
        'Content-Length': file.size,
        'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        // A signed link is for one provider fetch: nothing keeps it past its expiry.
        'Cache-Control': signed ? 'no-store' : 'private, max-age=86400',
      });
      if (req.method === 'HEAD') return void res.end();
      store.read(file.sha256).on('error', () => res.destroy()).pipe(res);
    },
  };
}

import type { IncomingMessage } from 'node:http';
import { CLOSE } from '../../shared/sync/closeCodes';
import { parseRoom, type DocRef } from '../../shared/sync/docNames';
import { resolveSession } from '../auth/requestAuth';
import type { Db } from '../db/connection';
import { memberships } from '../db/spaces';

export const DOC_PATH_PREFIX = '/yjs/';

export type UpgradeDecision =
  | { ok: true; docName: string; ref: DocRef; epoch: number; userId: string; userName: string; sessionHash: string }
  | { ok: false; close: { code: number; reason: string } };

/** The doc name of an upgrade URL (`/yjs/<docName>?…`); not decoded: names are URL-safe. */
export function docNameOf(url: string | undefined): string | null {
  const path = (url ?? '').split('?')[0]!;
  return path.startsWith(DOC_PATH_PREFIX) ? path.slice(DOC_PATH_PREFIX.length) : null;
}

/**
 * Whether the page that opened the socket may: browsers send the Origin of the page on every
 * WebSocket upgrade (and cookies go with it whatever the site), so another site's page could
 * otherwise sync as the signed-in member. Allowed: the app's own origin (the Host the request
 * came to, over http or https) and PUBLIC_URL's. No Origin at all is not a browser (the Node
 * y-websocket client, scripts): those hold the cookie themselves, which Origin cannot stop anyway.
 */
export function originAllowed(req: IncomingMessage, publicOrigin: string | null): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return publicOrigin !== null && origin === publicOrigin;
}

/**
 * Who may open which doc. Checked in the order that leaks least: without a session
 * nothing about the doc is revealed; a doc the user may not see is "forbidden" whether or not
 * it exists, so existence never leaks across spaces.
 */
export function authorizeUpgrade(
  req: IncomingMessage,
  deps: { db: Db; now: () => number; docExists: (ref: DocRef) => boolean; publicOrigin: string | null },
): UpgradeDecision {
  if (!originAllowed(req, deps.publicOrigin)) return { ok: false, close: CLOSE.badOrigin };
  const auth = resolveSession(deps.db, req.headers.cookie, deps.now());
  if (auth.kind !== 'session') return { ok: false, close: CLOSE.unauthorized };
  const userId = auth.user.id;
  const path = docNameOf(req.url);
  const room = path === null ? null : parseRoom(path);
  if (room === null) return { ok: false, close: CLOSE.badDocName };
  const { name: docName, ref, epoch } = room;
  if (!memberships.roleOf(deps.db, ref.spaceId, userId)) return { ok: false, close: CLOSE.forbidden };
  if ((ref.kind === 'drafts' || ref.kind === 'inbox') && ref.userId !== userId) return { ok: false, close: CLOSE.forbidden };
  if (!deps.docExists(ref)) return { ok: false, close: CLOSE.forbidden };
  return { ok: true, docName, ref, epoch, userId, userName: auth.user.name, sessionHash: auth.sessionHash };
}

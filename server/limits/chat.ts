import { contacts } from '../db/contacts';
import type { Deps } from '../deps';
import { errors } from '../errors';

/**
 * The website chat's limits (docs/SECURITY.md): a visitor is their cookie's key, a client is its
 * address (server/limits/clientAddress.ts). Every check counts in the same synchronous step, so a
 * burst of parallel requests cannot all pass before any is counted.
 */

/** Has this visitor said hello on this channel (in this server's memory) or written before (a contact)? */
export function isKnownVisitor(deps: Deps, channelId: string, key: string): boolean {
  return deps.limits.greeted.has(channelId, key, deps.now()) || contacts.byIdentity(deps.db, channelId, key) !== undefined;
}

/**
 * Lets a visitor in: one the channel knows passes; a new one (no cookie, or a cookie the channel
 * has never seen) counts against its address's new-visitor limit and is remembered as greeted.
 */
export function admitVisitor(deps: Deps, channelId: string, key: string | null, ip: string): void {
  const now = deps.now();
  if (key && isKnownVisitor(deps, channelId, key)) return;
  const wait = deps.limits.chat.newVisitorsPerIp.take(ip, now);
  if (wait > 0) throw errors.chatTooManyNew(wait);
}

/** Marks the visitor as greeted on the channel (after admitVisitor, once the key is known). */
export function greet(deps: Deps, channelId: string, key: string): void {
  deps.limits.greeted.add(channelId, key, deps.now());
}

/** Counts one message for the visitor and their address, or refuses it with the wait in words. */
export function chargeMessage(deps: Deps, key: string, ip: string): void {
  const now = deps.now();
  const { messagesPerVisitor, messagesPerIp } = deps.limits.chat;
  const mine = messagesPerVisitor.take(key, now);
  if (mine > 0) throw errors.chatTooFast(mine);
  const theirs = messagesPerIp.take(ip, now);
  if (theirs > 0) {
    messagesPerVisitor.refund(key);
    throw errors.chatTooFast(theirs);
  }
}

/** Opens one chat event stream for the visitor and their address; the function closes it. */
export function openChatStream(deps: Deps, key: string, ip: string): () => void {
  const { streams } = deps.limits.chat;
  const mine = streams.tryOpen(`visitor:${key}`, deps.config.chatStreamsPerVisitor);
  if (!mine) throw errors.chatTooManyTabs();
  const theirs = streams.tryOpen(`ip:${ip}`, deps.config.chatStreamsPerIp);
  if (!theirs) {
    mine();
    throw errors.chatTooManyTabs();
  }
  return () => {
    mine();
    theirs();
  };
}

/** What an upload may still take: the file count and up to `bytes` (given back with `settle`). */
export function reserveUpload(deps: Deps, key: string, ip: string, bytes: number): { waitMs: number; settle: (actual: number) => void } {
  const now = deps.now();
  const c = deps.limits.chat;
  const steps: Array<[counter: typeof c.uploadsPerVisitor, key: string, n: number]> = [
    [c.uploadsPerVisitor, key, 1],
    [c.uploadsPerIp, ip, 1],
    [c.uploadBytesPerVisitor, key, bytes],
    [c.uploadBytesPerIp, ip, bytes],
  ];
  const taken: typeof steps = [];
  for (const step of steps) {
    const wait = step[0].take(step[1], now, step[2]);
    if (wait > 0) {
      for (const [counter, k, n] of taken) counter.refund(k, n);
      return { waitMs: wait, settle: () => {} };
    }
    taken.push(step);
  }
  return {
    waitMs: 0,
    // A failed upload gives everything back; a finished one keeps its count and its real size.
    settle: (actual) => {
      if (actual < 0) for (const [counter, k, n] of taken) counter.refund(k, n);
      else {
        c.uploadBytesPerVisitor.refund(key, Math.max(0, bytes - actual));
        c.uploadBytesPerIp.refund(ip, Math.max(0, bytes - actual));
      }
    },
  };
}

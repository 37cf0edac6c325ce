/**
 * Yjs doc names (URL-safe; the y-websocket client does not encode them). Parsing is strict:
 * anything that is not one of these shapes is not a doc.
 */
export type DocRef =
  | { kind: 'queue'; spaceId: string }
  | { kind: 'conv'; spaceId: string; conversationId: string }
  | { kind: 'contact'; spaceId: string; contactId: string }
  | { kind: 'drafts'; spaceId: string; userId: string }
  | { kind: 'inbox'; spaceId: string; userId: string };

const ID = '[A-Za-z0-9_-]{8,64}';
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => DocRef]> = [
  [new RegExp(`^s\\.(${ID})\\.queue$`), (m) => ({ kind: 'queue', spaceId: m[1]! })],
  [new RegExp(`^s\\.(${ID})\\.conv\\.(${ID})$`), (m) => ({ kind: 'conv', spaceId: m[1]!, conversationId: m[2]! })],
  [new RegExp(`^s\\.(${ID})\\.contact\\.(${ID})$`), (m) => ({ kind: 'contact', spaceId: m[1]!, contactId: m[2]! })],
  [new RegExp(`^s\\.(${ID})\\.user\\.(${ID})\\.drafts$`), (m) => ({ kind: 'drafts', spaceId: m[1]!, userId: m[2]! })],
  [new RegExp(`^s\\.(${ID})\\.user\\.(${ID})\\.inbox$`), (m) => ({ kind: 'inbox', spaceId: m[1]!, userId: m[2]! })],
];

export function parseDocName(name: string): DocRef | null {
  for (const [re, build] of PATTERNS) {
    const m = re.exec(name);
    if (m) return build(m);
  }
  return null;
}

export const docNames = {
  queue: (spaceId: string) => `s.${spaceId}.queue`,
  conv: (spaceId: string, conversationId: string) => `s.${spaceId}.conv.${conversationId}`,
  contact: (spaceId: string, contactId: string) => `s.${spaceId}.contact.${contactId}`,
  drafts: (spaceId: string, userId: string) => `s.${spaceId}.user.${userId}.drafts`,
  inbox: (spaceId: string, userId: string) => `s.${spaceId}.user.${userId}.inbox`,
};

/** Authority docs are written only by the server, after the SQLite commit. */
export function isAuthority(ref: DocRef): boolean {
  return ref.kind === 'queue' || ref.kind === 'conv' || ref.kind === 'inbox';
}

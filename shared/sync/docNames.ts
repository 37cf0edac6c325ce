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

/**
 * Authority docs live under epochs: when the server rebases one (rebuilds it from what it holds,
 * without the history of replaced records), the new copy is a new room `<name>.e<epoch>`, because a
 * client's old copy must not merge into it (docs/ARCHITECTURE.md, Authority docs stay small).
 * Epoch 0 is the bare name. Writable docs have no epochs.
 */
export interface Room {
  /** The doc's name without epoch (what stores and projections use). */
  name: string;
  ref: DocRef;
  epoch: number;
}

const EPOCH = /^(.*)\.e([1-9][0-9]{0,8})$/;

/** What a sync room name (`/yjs/<room>`) names: a doc and, for authority docs, its epoch. */
export function parseRoom(room: string): Room | null {
  const m = EPOCH.exec(room);
  if (m) {
    const ref = parseDocName(m[1]!);
    return ref && isAuthority(ref) ? { name: m[1]!, ref, epoch: Number(m[2]) } : null;
  }
  const ref = parseDocName(room);
  return ref && { name: room, ref, epoch: 0 };
}

/** The room of a doc at an epoch. */
export const roomName = (name: string, epoch: number) => (epoch > 0 ? `${name}.e${epoch}` : name);

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

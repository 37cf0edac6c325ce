import { describe, expect, it } from 'vitest';
import { docNames, isAuthority, parseDocName, parseRoom, roomName } from './docNames';

const S = 'space_0001';
const X = 'thing-0002';

describe('doc names', () => {
  it.each([
    [docNames.queue(S), { kind: 'queue', spaceId: S }, true],
    [docNames.conv(S, X), { kind: 'conv', spaceId: S, conversationId: X }, true],
    [docNames.contact(S, X), { kind: 'contact', spaceId: S, contactId: X }, false],
    [docNames.drafts(S, X), { kind: 'drafts', spaceId: S, userId: X }, false],
    [docNames.inbox(S, X), { kind: 'inbox', spaceId: S, userId: X }, true],
  ])('%s round-trips', (name, ref, authority) => {
    const parsed = parseDocName(name);
    expect(parsed).toEqual(ref);
    expect(isAuthority(parsed!)).toBe(authority);
  });

  it.each(['', 'queue', `s.${S}`, `s.${S}.queue.x`, `s.${S}.conv.`, `s.short.queue`, `s.${S}.conv.${X}/../x`, `s.${S}.user.${X}.secrets`, `x.${S}.queue`])(
    'rejects %j',
    (name) => expect(parseDocName(name)).toBeNull(),
  );

  it('authority docs have epoch rooms; writable docs and malformed epochs have none', () => {
    expect(parseRoom(docNames.queue(S))).toEqual({ name: docNames.queue(S), ref: { kind: 'queue', spaceId: S }, epoch: 0 });
    expect(parseRoom(roomName(docNames.conv(S, X), 3))).toEqual({ name: docNames.conv(S, X), ref: { kind: 'conv', spaceId: S, conversationId: X }, epoch: 3 });
    expect(roomName(docNames.inbox(S, X), 0)).toBe(docNames.inbox(S, X));
    for (const bad of [`${docNames.contact(S, X)}.e2`, `${docNames.drafts(S, X)}.e1`, `${docNames.queue(S)}.e0`, `${docNames.queue(S)}.e01`, `${docNames.queue(S)}.e1234567890`, `${docNames.queue(S)}.e`, `${docNames.queue(S)}.e1.e2`])
      expect(parseRoom(bad), bad).toBeNull();
  });
});

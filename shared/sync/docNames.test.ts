import { describe, expect, it } from 'vitest';
import { docNames, isAuthority, parseDocName } from './docNames';

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
});

import { describe, expect, it } from 'vitest';
import { deletedCommentRecord, editedCommentRecord, newCommentRecord } from '../../shared/domain/comments';
import type { Role } from '../../shared/domain/permissions';
import type { CommentRecord } from '../../shared/sync/contactDoc';
import type { ContactDocChanges } from './diff';
import { refusal } from './rules';

// The records the client builds (shared/domain/comments.ts) against the server's rules.
const ana = 'anaanaana1';
const ben = 'benbenben1';
const id = 'c0ffee0000000000000000000000beef';
const original = newCommentRecord({ id, authorId: ana, body: 'Hi <@benbenben1>', at: 1000 });

const change = (before: CommentRecord | undefined, after: CommentRecord | undefined): ContactDocChanges => ({
  maps: new Map([['comments', [{ key: id, before, after }]]]),
  malformed: null,
  missingDependencies: false,
});
const decide = (before: CommentRecord | undefined, after: CommentRecord | undefined, userId: string, role: Role = 'agent') =>
  refusal(change(before, after), { userId, role }, { tags: 0, fields: 0, fieldKeys: new Set() });

describe('comment records built by the client', () => {
  it.each<[string, CommentRecord | undefined, CommentRecord | undefined, string, Role, boolean]>([
    ['a new comment by its author', undefined, original, ana, 'agent', true],
    ['a new reply', undefined, newCommentRecord({ id, authorId: ana, body: 'ok', at: 5, replyTo: 'parent000001' }), ana, 'agent', true],
    ['a new comment written for someone else', undefined, original, ben, 'owner', false],
    ['an edit by the author', original, editedCommentRecord(original, 'Hi again', 2000), ana, 'agent', true],
    ['an edit by another agent', original, editedCommentRecord(original, 'Hi again', 2000), ben, 'agent', false],
    ['an edit by a manager (only authors edit)', original, editedCommentRecord(original, 'Hi again', 2000), ben, 'manager', false],
    ['a delete by the author', original, deletedCommentRecord(original, ana), ana, 'agent', true],
    ['a delete by a manager', original, deletedCommentRecord(original, ben), ben, 'manager', true],
    ['a delete by an owner', original, deletedCommentRecord(original, ben), ben, 'owner', true],
    ['a delete by another agent', original, deletedCommentRecord(original, ben), ben, 'agent', false],
    ['a delete naming someone else', original, deletedCommentRecord(original, ben), ana, 'agent', false],
    ['editing a deleted comment', deletedCommentRecord(original, ana), editedCommentRecord(deletedCommentRecord(original, ana), 'back', 3000), ana, 'agent', false],
  ])('%s', (_what, before, after, userId, role, accepted) => {
    expect(decide(before, after, userId, role) === null).toBe(accepted);
  });
});

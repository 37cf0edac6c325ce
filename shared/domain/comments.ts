import type { CommentRecord } from '../sync/contactDoc';

/**
 * The comment records the client writes, built so the server's rules (server/contacts/rules.ts)
 * accept them: a new comment by its author, an edit by the author (same author, time and reply
 * target; editedAt set), a soft delete (empty body, deletedBy = who deleted it).
 */
export function newCommentRecord(input: { id: string; authorId: string; body: string; at: number; replyTo?: string | null }): CommentRecord {
  return { id: input.id, authorId: input.authorId, body: input.body, createdAt: input.at, editedAt: null, deleted: false, deletedBy: null, replyTo: input.replyTo ?? null };
}

export function editedCommentRecord(prev: CommentRecord, body: string, at: number): CommentRecord {
  return { ...prev, body, editedAt: Math.max(at, prev.createdAt) };
}

export function deletedCommentRecord(prev: CommentRecord, by: string): CommentRecord {
  return { ...prev, body: '', deleted: true, deletedBy: by };
}

/** Comments written by a workflow carry this author id (no member wrote them): `workflow-<workflowId>`. */
export function workflowAuthorId(workflowId: string): string {
  return `workflow-${workflowId}`;
}

export function isWorkflowAuthor(authorId: string): boolean {
  return authorId.startsWith('workflow-');
}

import { previewOf } from '../../shared/domain/messageLimits';
import type { Db } from '../db/connection';
import { activities, conversations, messages, search, type MessageRow } from '../db/conversations';
import { files } from '../db/files';
import { newId } from '../db/ids';
import { users } from '../db/users';
import { errors } from '../errors';

/** Building blocks used inside a command's transaction. */

export function memberName(db: Db, userId: string): string {
  return users.nameOf(db, userId)!;
}

export function addActivity(db: Db, spaceId: string, conversationId: string, text: string, at: number): void {
  activities.insert(db, { id: newId(), space_id: spaceId, conversation_id: conversationId, text, created_at: at });
}

/** Files a message may carry: in this space, uploaded by a member (for agents: a teammate's upload is fine) or by this visitor. */
export function checkFiles(db: Db, spaceId: string, fileIds: readonly string[], uploader: { userId?: string; contactKey?: string }) {
  for (const fileId of fileIds) {
    const file = files.inSpace(db, spaceId, fileId);
    const mine = file && (uploader.userId ? file.uploaded_by_user !== null : file.uploaded_by_contact === uploader.contactKey);
    if (!mine) throw errors.notFound('An attached file');
  }
}

/** Inserts a message with its files, indexes it for search and updates the conversation's preview. */
export function insertMessage(db: Db, row: Omit<MessageRow, 'id' | 'error'>, fileIds: readonly string[]): MessageRow {
  if (!row.body.trim() && fileIds.length === 0) throw errors.emptyMessage();
  const message: MessageRow = { ...row, id: newId(), error: null };
  messages.insert(db, message);
  fileIds.forEach((fileId, position) => files.attach(db, message.id, fileId, position));
  if (row.body.trim()) search.index(db, { text: row.body, space_id: row.space_id, kind: 'message', ref_id: message.id, conversation_id: row.conversation_id });
  conversations.touch(db, row.conversation_id, row.created_at, previewOf(row.body, fileIds.length), row.direction === 'in');
  return message;
}

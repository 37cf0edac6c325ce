import type { Role } from './permissions';

/** Owners and managers may delete anyone's comment (it then reads "comment deleted"); agents only their own. */
export function canModerateComments(role: Role): boolean {
  return role === 'owner' || role === 'manager';
}

/** Whether `userId` (with `role`) may delete a comment written by `authorId`. */
export function canDeleteComment(role: Role, userId: string, authorId: string): boolean {
  return userId === authorId || canModerateComments(role);
}

/** Only the author edits a comment's text. */
export function canEditComment(userId: string, authorId: string): boolean {
  return userId === authorId;
}

/** Message limits shared by the composer (to say so before sending) and the server (to enforce them). */
export const MESSAGE_LIMITS = {
  bodyMax: 10_000,
  filesPerMessage: 10,
  previewLength: 120,
  visitorNameMax: 80,
  /** Default attachment size limit in MB; the server's MAX_UPLOAD_MB overrides it. */
  defaultUploadMb: 25,
} as const;

/** One line of a message for the queue: collapsed whitespace, cut with an ellipsis. */
export function previewOf(body: string, fileCount: number): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (!text) return fileCount > 0 ? `📎 ${fileCount === 1 ? 'Attachment' : `${fileCount} attachments`}` : '';
  return text.length > MESSAGE_LIMITS.previewLength ? `${text.slice(0, MESSAGE_LIMITS.previewLength - 1)}…` : text;
}

/** Notification previews are one line of this many characters at most. */
export const NOTIFICATION_PREVIEW_MAX = 140;

/** One line of text for a notification, cut with an ellipsis. */
export function notificationPreview(text: string, max = NOTIFICATION_PREVIEW_MAX): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

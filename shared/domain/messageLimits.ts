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

/**
 * Inline images of an HTML mail (multipart/related: `<img src="cid:…">` naming a part by its
 * Content-ID). On arrival, once the parts are in the file store, each `cid:` reference to an image
 * part kept becomes `kaon-file:<fileId>` in the sanitized HTML (a scheme the sanitizer never lets
 * through from a mail, so only Kaon writes it); when an agent opens the formatted mail, each
 * becomes a signed, expiring link to that file — only for files of that very message. Remote
 * images are untouched (still held back as data-kaon-src).
 */

/** The image types the file routes serve inline (server/attachments/fileRoutes.ts). */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** sanitize-html writes attribute values with &amp;, &quot;, &lt;, &gt; escaped. */
const unescapeAttr = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');

/** Content-IDs are compared without <> and case-insensitively (mail clients vary in both). */
const cidKey = (cid: string) => cid.trim().replace(/^<|>$/g, '').toLowerCase();

/** At ingest: `cid:` references to stored image parts → `kaon-file:<fileId>`. */
export function linkInlineImages(html: string, parts: ReadonlyArray<{ cid: string | null; mime: string; fileId: string }>): string {
  const byCid = new Map<string, string>();
  for (const p of parts) if (p.cid && INLINE_IMAGES.has(p.mime)) byCid.set(cidKey(p.cid), p.fileId);
  if (!byCid.size) return html;
  return html.replace(/(<img\b[^>]*?\ssrc=")cid:([^"]*)"/gi, (whole, start: string, cid: string) => {
    let key: string;
    try {
      key = cidKey(decodeURIComponent(unescapeAttr(cid)));
    } catch {
      key = cidKey(unescapeAttr(cid));
    }
    const fileId = byCid.get(key);
    return fileId ? `${start}kaon-file:${fileId}"` : whole;
  });
}

/** At render: `kaon-file:<id>` of this message's own files → `sign(id)`; any other is dropped. */
export function signInlineImages(html: string, ownFiles: ReadonlySet<string>, sign: (fileId: string) => string): string {
  return html.replace(/\ssrc="kaon-file:([A-Za-z0-9_-]{1,64})"/g, (_whole, id: string) => (ownFiles.has(id) ? ` src="${sign(id).replace(/&/g, '&amp;')}"` : ''));
}

/**
 * HTML of inbound mail, sanitized on arrival with sanitize-html (allow-list): no scripts, styles,
 * iframes, forms, objects, event handlers or CSS; links only http(s)/mailto and opened in a new
 * tab without referrer; remote images held back (`data-kaon-src`) until the agent chooses
 * "Load images" (a remote image tells the sender the mail was read). Inline images keep cid:.
 */
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'code', 'col', 'colgroup', 'dd', 'del', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2', 'h3',
    'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'li', 'ol', 'p', 'pre', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table',
    'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height', 'data-kaon-src'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    table: ['border', 'cellpadding', 'cellspacing'],
    ol: ['start'],
    '*': ['dir', 'lang'],
  },
  // Everything else (javascript:, data:, vbscript:, file:…) is dropped.
  allowedSchemes: ['http', 'https', 'mailto'],
  // For img this list replaces allowedSchemes: remote ones survive only as data-kaon-src (see transformTags).
  allowedSchemesByTag: { img: ['cid', 'http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'data-kaon-src'],
  allowProtocolRelative: false,
  // Their content goes too, not only the tags.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object', 'embed', 'template', 'svg', 'math', 'select', 'button'],
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
    img: (tagName, attribs) => {
      const src = (attribs.src ?? '').trim();
      const { src: _drop, ...rest } = attribs;
      void _drop;
      if (/^https?:\/\//i.test(src)) return { tagName, attribs: { ...rest, 'data-kaon-src': src } };
      if (/^cid:/i.test(src)) return { tagName, attribs: { ...rest, src } };
      return { tagName, attribs: rest };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src && !frame.attribs['data-kaon-src'],
};

// Kept after the transform (sanitize-html checks attributes after transformTags).
OPTIONS.allowedAttributes = { ...(OPTIONS.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'target', 'rel'] };

/** The allow-listed HTML of a mail, at most 1 MB of it. */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html.slice(0, 2_000_000), OPTIONS).slice(0, 1_000_000);
}

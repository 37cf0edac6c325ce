/**
 * The public page an e-mail customer rates a closed conversation on (`/rate/<token>`, linked from
 * the rating mail; no login: the signed, expiring token names one conversation). GET shows the
 * five scores (the one clicked in the mail picked) and a comment box; only the POST of that form
 * stores a rating, so mail scanners that open links record nothing. The rating goes through
 * rateConversation like the website chat's: once, with an activity line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RATING_COMMENT_MAX, RATING_WORDS, ratingRefusal } from '../../../shared/domain/satisfaction';
import { rateConversation } from '../../commands/rateConversation';
import { checkRatingToken } from '../../conversations/ratingTokens';
import { conversations } from '../../db/conversations';
import { providerChannels } from '../../db/providerChannels';
import { ratings } from '../../db/ratings';
import type { Deps } from '../../deps';

const MAX_FORM_BYTES = 16 * 1024;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>` +
        '<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f4f5f7}main{max-width:520px;margin:40px auto;padding:24px;background:#fff;border:1px solid #d6dae1;border-radius:8px}fieldset{border:0;padding:0;margin:0 0 16px}label{display:block;margin:4px 0}textarea{width:100%;box-sizing:border-box;font:inherit}button{font:inherit;padding:8px 16px;background:#4338ca;color:#fff;border:0;border-radius:6px}.error{color:#b42318}</style>' +
        `</head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`,
    );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function form(token: string, picked: number | null, error: string | null, comment = ''): string {
  const scores = [5, 4, 3, 2, 1]
    .map((n) => `<label><input type="radio" name="score" value="${n}" required${picked === n ? ' checked' : ''}> ${n} – ${RATING_WORDS[n]}</label>`)
    .join('');
  return (
    (error ? `<p class="error" role="alert">${escape(error)}</p>` : '') +
    `<form method="post" action="/rate/${escape(token)}"><fieldset><legend>How did we do?</legend>${scores}</fieldset>` +
    `<label for="comment">Comment (optional)</label><textarea id="comment" name="comment" rows="4" maxlength="${RATING_COMMENT_MAX}">${escape(comment)}</textarea>` +
    '<p><button type="submit">Send rating</button></p></form>'
  );
}

export function createRatingPage(deps: Deps) {
  /** The conversation and channel the token names, or the page that says why not. */
  const target = (res: ServerResponse, token: string) => {
    const check = checkRatingToken(deps.db, token, deps.now());
    if (!check.ok) {
      if (check.why === 'expired') page(res, 410, 'This rating link has expired', '<p>Ratings are taken for a week after a conversation closes. Thank you all the same!</p>');
      else page(res, 404, 'This rating link is not valid', '<p>Check that the whole link from the mail was opened.</p>');
      return null;
    }
    const row = conversations.byIdAnySpace(deps.db, check.conversationId);
    const channel = row ? providerChannels.anyInSpace(deps.db, row.space_id, row.channel_id) : undefined;
    if (!row || !channel) {
      page(res, 404, 'This rating link is not valid', '<p>This conversation no longer exists.</p>');
      return null;
    }
    return { conv: row, channel };
  };

  return async function handleRating(req: IncomingMessage, res: ServerResponse, token: string, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return void res.writeHead(405, { allow: 'GET, POST' }).end();
    const found = target(res, token);
    if (!found) return;
    const { conv, channel } = found;
    const title = `Rate your conversation with ${channel.name}`;
    if (req.method !== 'POST') {
      const refused = ratingRefusal({ status: conv.status, closedAt: conv.closed_at, rated: ratings.of(deps.db, conv.id) !== undefined }, deps.now());
      if (refused) return page(res, 200, title, `<p>${escape(refused)}</p>`);
      const picked = Number(url.searchParams.get('score'));
      return page(res, 200, title, form(token, Number.isInteger(picked) && picked >= 1 && picked <= 5 ? picked : null, null));
    }
    const fields = await readForm(req);
    if (!fields) return page(res, 413, title, '<p class="error" role="alert">That comment is too long.</p>');
    const score = Number(fields.get('score'));
    const comment = (fields.get('comment') ?? '').trim();
    if (!Number.isInteger(score) || score < 1 || score > 5) return page(res, 400, title, form(token, null, 'Pick a score from 1 to 5.', comment.slice(0, RATING_COMMENT_MAX)));
    if (comment.length > RATING_COMMENT_MAX) return page(res, 400, title, form(token, score, `Keep the comment under ${RATING_COMMENT_MAX} characters.`, comment.slice(0, RATING_COMMENT_MAX)));
    try {
      await rateConversation(deps, { channel, externalId: null, conversationId: conv.id, score, comment: comment || null });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'BAD_REQUEST' || code === 'NOT_FOUND') return page(res, 400, title, `<p class="error" role="alert">${escape((err as Error).message)}</p>`);
      throw err;
    }
    page(res, 200, 'Thank you!', `<p role="status">Your rating: ${score} of 5 (${RATING_WORDS[score]}). ${escape(channel.name)} will read it.</p>`);
  };
}

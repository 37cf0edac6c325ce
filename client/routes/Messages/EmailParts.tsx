import { createSignal, Show } from 'solid-js';
import type { EmailMeta } from '../../../shared/sync/shapes';
import { createEmailContent } from '../../stores/emailContentStore';

/** The sender checks as the receiving server judged them; a failing one says the From may be forged. */
function authText(auth: NonNullable<EmailMeta['auth']>): { warn: boolean; text: string } {
  const parts = (['spf', 'dkim', 'dmarc'] as const).filter((k) => auth[k]).map((k) => `${k.toUpperCase()} ${auth[k]}`);
  const warn = (['spf', 'dkim', 'dmarc'] as const).some((k) => auth[k] && auth[k] !== 'pass');
  return { warn, text: warn ? `The sender could not be verified (${parts.join(', ')}): the From address may be forged.` : `Sender verified (${parts.join(', ')}).` };
}

/**
 * The HTML of a mail in a sandboxed frame: no scripts, no same-origin access, a CSP that allows
 * no network until the agent chooses "Load images" (remote images tell the sender the mail was
 * read) except Kaon's own file links: the mail's inline (cid:) images, which the server turned into
 * signed links to that message's files. The HTML itself was sanitized by the server on arrival.
 */
function htmlDocument(html: string, images: boolean): string {
  const body = images ? html.replace(/\sdata-kaon-src="/g, ' src="') : html;
  const own = `${location.origin}/files/`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src ${images ? 'https: http: data:' : `data: ${own}`}`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><base target="_blank"><style>body{font:14px/1.45 system-ui,sans-serif;margin:8px;color:#1b1b1f;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${body}</body></html>`;
}

/** What an e-mail message shows beyond its text: the subject, the sender checks, the quoted history and the formatted mail, both on demand. */
export function EmailParts(props: { messageId: string; email: EmailMeta; direction: 'in' | 'out' }) {
  const mail = createEmailContent(() => props.messageId);
  const [quotedOpen, setQuotedOpen] = createSignal(false);
  const [htmlOpen, setHtmlOpen] = createSignal(false);
  const [images, setImages] = createSignal(false);
  const remoteImages = () => /\sdata-kaon-src="/.test(mail.content()?.html ?? '');
  const auth = () => (props.direction === 'in' && props.email.auth ? authText(props.email.auth) : null);
  return (
    <>
      <p class="email-subject">
        <span class="muted">Subject:</span> {props.email.subject || '(no subject)'}
      </p>
      <Show when={props.email.cc.length > 0}>
        <p class="email-cc muted">
          Cc: {props.email.cc.join(', ')}
        </p>
      </Show>
      <Show when={auth()}>{(a) => <p classList={{ 'email-auth': true, warn: a().warn, muted: !a().warn }}>{a().text}</p>}</Show>
      <Show when={props.email.quoted || props.email.html}>
        <div class="row email-actions">
          <Show when={props.email.quoted}>
            <button
              type="button"
              aria-expanded={quotedOpen()}
              onClick={() => {
                mail.load();
                setQuotedOpen(!quotedOpen());
              }}
            >
              {quotedOpen() ? 'Hide quoted text' : 'Show quoted text'}
            </button>
          </Show>
          <Show when={props.email.html}>
            <button
              type="button"
              aria-expanded={htmlOpen()}
              onClick={() => {
                mail.load();
                setHtmlOpen(!htmlOpen());
              }}
            >
              {htmlOpen() ? 'Hide formatted mail' : 'Show formatted mail'}
            </button>
          </Show>
        </div>
      </Show>
      <Show when={mail.error()}>
        <p class="form-error" role="alert">
          {mail.error()}
        </p>
      </Show>
      <Show when={quotedOpen() && mail.content()}>
        <pre class="email-quoted" aria-label="Quoted text">
          {mail.content()!.quoted}
        </pre>
      </Show>
      <Show when={htmlOpen() && mail.content()?.html}>
        {(html) => (
          <>
            <Show when={remoteImages() && !images()}>
              <p class="muted email-images">
                Remote images are blocked: loading them tells the sender you read the mail.{' '}
                <button type="button" onClick={() => setImages(true)}>
                  Load images
                </button>
              </p>
            </Show>
            <iframe
              class="email-html"
              title={`Formatted mail: ${props.email.subject || 'no subject'}`}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              referrerpolicy="no-referrer"
              srcdoc={htmlDocument(html(), images())}
            />
          </>
        )}
      </Show>
    </>
  );
}

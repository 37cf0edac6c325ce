import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesOf, eventually } from '../../testing/channels';
import { mailByRfcId, newMessageId, SUPPORT, startEmailWorld, type EmailWorld } from '../../testing/email';
import { addMember, failed, ok } from '../../testing/harness';
import { linkInlineImages, signInlineImages } from './inlineImages';

// Inline images (multipart/related, <img src="cid:…">) from a real mail through Dovecot: stored as
// the message's files, shown through signed links only to the message's own files; remote images
// stay held back.
let w: EmailWorld;
beforeAll(async () => {
  w = await startEmailWorld();
  await (await eventually('the watcher', () => w.app.kaon.email.watcher(w.channelId))).ready;
});
afterAll(() => w.close());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function relatedMail(messageId: string, html: string) {
  return [
    'From: Grace <grace@customer.test>',
    `To: ${SUPPORT}`,
    'Subject: With a logo',
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="rel"; type="text/html"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--rel',
    'Content-Type: image/png; name="logo.png"',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <Logo.1@customer.test>',
    'Content-Disposition: inline; filename="logo.png"',
    '',
    PNG.toString('base64'),
    '--rel',
    'Content-Type: application/pdf; name="terms.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <terms@customer.test>',
    '',
    Buffer.from('%PDF-1.4 not an image').toString('base64'),
    '--rel--',
    '',
  ].join('\r\n');
}

describe('inline images of an HTML mail', () => {
  it('show through a signed link to the stored part; a missing part, a non-image part and remote images do not load', async () => {
    const messageId = newMessageId();
    const html =
      '<p>Our logo:</p><img src="cid:logo.1@customer.test" alt="logo"><img src="cid:missing@customer.test" alt="gone">' +
      '<img src="cid:terms@customer.test" alt="pdf"><img src="https://tracker.invalid/open.png" alt="pixel"><img src="kaon-file:forged123" alt="forged">';
    await w.dovecot.deliver('support', relatedMail(messageId, html));
    const stored = await eventually('the mail', () => mailByRfcId(w.app, messageId));
    const files = filesOf(w.app, stored.message_id) as Array<{ id: string; name: string; mime: string }>;
    const logo = files.find((f) => f.name === 'logo.png')!;
    expect(logo.mime).toBe('image/png');

    const content = ok(await w.agent.browser.query('providerChannels.emailContent', { spaceId: w.spaceId, messageId: stored.message_id }));
    const srcs = [...content.html!.matchAll(/<img[^>]*>/g)].map((m) => m[0]);
    // The forged kaon-file: reference never survived the sanitizer (an image without a source is dropped).
    expect(srcs).toHaveLength(4);
    const link = /src="(\/files\/[^"]+)"/.exec(srcs[0]!)![1]!.replace(/&amp;/g, '&');
    expect(link).toMatch(new RegExp(`^/files/${logo.id}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    // The other parts keep cid: (nothing loads them); the remote image stays held back.
    expect(srcs[1]).toContain('src="cid:missing@customer.test"');
    expect(srcs[2]).toContain('src="cid:terms@customer.test"');
    expect(srcs[3]).toContain('data-kaon-src="https://tracker.invalid/open.png"');
    expect(srcs[3]).not.toContain(' src=');
    expect(content.html).not.toContain('kaon-file:');
    expect(content.html).not.toContain('forged');

    // The link opens the image without cookies (the sandboxed frame sends none); a tampered one does not.
    const res = await fetch(w.app.url + link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(w.app.url + link.replace(/sig=./, 'sig=A'))).status).toBe(403);

    // Another space's member gets nothing.
    const other = ok(await w.owner.browser.mutate('spaces.create', { name: 'Beta' })).id;
    const stranger = await addMember(w.app, w.owner.browser, other, 'agent', { name: 'Xavier', email: 'x@example.com' });
    expect(failed(await stranger.browser.query('providerChannels.emailContent', { spaceId: other, messageId: stored.message_id })).code).toBe('NOT_FOUND');
  });
});

describe('linkInlineImages / signInlineImages', () => {
  it('link only image parts by Content-ID (case-insensitive, escaped) and sign only the message’s own files', () => {
    const parts = [
      { cid: 'a@x', mime: 'image/png', fileId: 'fileA' },
      { cid: 'b@x', mime: 'image/svg+xml', fileId: 'fileB' },
    ];
    const linked = linkInlineImages('<img src="cid:A@X" /><img src="cid:b@x" /><p>src="cid:a@x"</p><img alt="x" src="cid:%61@x" />', parts);
    expect(linked).toBe('<img src="kaon-file:fileA" /><img src="cid:b@x" /><p>src="cid:a@x"</p><img alt="x" src="kaon-file:fileA" />');
    expect(signInlineImages('<img src="kaon-file:fileA" /><img src="kaon-file:other" />', new Set(['fileA']), (id) => `/files/${id}?exp=1&sig=s`)).toBe('<img src="/files/fileA?exp=1&amp;sig=s" /><img />');
  });
});

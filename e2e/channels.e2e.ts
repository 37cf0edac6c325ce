import { acceptInvite, createInvite, expect, expectAccessible, setupOwner, test } from './fixtures';

// The server runs the WhatsApp fake in-process (its access token is 'fake-wa-access-token'), so
// "Check connection" really asks a Graph API whether the stored token is the right one.
test.use({ kaonEnv: { SIMULATOR: '1' } });

test('an owner adds and edits a WhatsApp channel: its webhook address is shown, its secrets never are, a wrong token is replaced; agents cannot manage it', async ({ page: owner, newPerson }) => {
  await setupOwner(owner);
  const invite = await createInvite(owner, 'agent');
  await owner.getByRole('link', { name: 'Channels' }).click();
  await owner.getByRole('button', { name: 'Add WhatsApp channel' }).click();
  const form = owner.getByRole('form', { name: 'New WhatsApp channel' });
  await form.getByLabel('Channel name').fill('WhatsApp support');
  await form.getByLabel('Phone number ID').fill('106540352242922');
  // Every field Meta's setup gives: the business account (WABA) ID too, and the API version, prefilled.
  await form.getByLabel('Business account ID').fill('102290129340398');
  await expect(form.getByLabel('API version')).toHaveValue('v24.0');
  await form.getByLabel('Access token').fill('EAAG-very-secret-access-token');
  await form.getByLabel('App secret').fill('app-secret-do-not-show');
  await form.getByLabel('Verify token').fill('my verify phrase');
  await form.getByRole('button', { name: 'Save WhatsApp channel' }).click();

  const section = owner.getByRole('region', { name: 'WhatsApp and Telegram' });
  const card = owner.getByRole('article', { name: 'WhatsApp support' });
  await expect(card.getByRole('textbox', { name: 'Webhook address for WhatsApp support' })).toHaveValue(/\/webhooks\/whatsapp\//);
  await expect(card).toContainText('set (never shown again)');
  const html = await owner.content();
  expect(html).not.toContain('EAAG-very-secret-access-token');
  expect(html).not.toContain('app-secret-do-not-show');

  await expect(card.getByRole('button', { name: 'Add template to WhatsApp support' })).toBeVisible();
  await expectAccessible(owner, 'a WhatsApp channel card');

  // The token typed at first is wrong: the check says so in words, on the channel's card.
  await card.getByRole('button', { name: 'Check connection' }).click();
  await expect(card.getByRole('alert')).toHaveText('Connection check failed: WhatsApp did not accept the access token: it is wrong or has expired. Paste a new one (Edit → New access token).');

  // Edit: settings are prefilled, secrets never are; the form only says they are set.
  await card.getByRole('button', { name: 'Edit WhatsApp support' }).click();
  const edit = card.getByRole('form', { name: 'Edit WhatsApp support' });
  await expect(edit.getByLabel('Phone number ID')).toHaveValue('106540352242922');
  await expect(edit.getByLabel('Business account ID')).toHaveValue('102290129340398');
  await expect(edit.getByLabel('API version')).toHaveValue('v24.0');
  await expect(edit.getByLabel('New access token')).toHaveValue('');
  await expect(edit.getByLabel('New access token')).toHaveAccessibleDescription('Set. Leave empty to keep the current access token.');
  await expect(edit.getByLabel('New app secret')).toHaveValue('');
  await expect(edit.getByRole('checkbox', { name: 'Send files as links (needs PUBLIC_URL)' })).not.toBeChecked();
  await expect(edit.getByRole('checkbox', { name: 'Send files as links (needs PUBLIC_URL)' })).toHaveAccessibleDescription(/PUBLIC_URL is not set, so files are uploaded/);
  // A mistake is explained next to its field, and nothing is saved.
  await edit.getByLabel('API version').fill('21');
  await edit.getByLabel('Channel name').fill('WhatsApp sales');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByLabel('API version')).toHaveAccessibleDescription('A Graph API version such as v24.0');
  await expect(edit.getByLabel('API version')).toHaveAttribute('aria-invalid', 'true');
  await expect(owner.getByRole('article', { name: 'WhatsApp sales' })).toHaveCount(0);
  // Rename and replace the access token; the app secret and verify token are kept.
  await edit.getByLabel('API version').fill('v24.0');
  await edit.getByLabel('New access token').fill('fake-wa-access-token');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const renamed = owner.getByRole('article', { name: 'WhatsApp sales' });
  await expect(section.getByRole('status')).toHaveText('WhatsApp sales saved.');
  await expect(renamed.getByRole('form')).toHaveCount(0);
  await expect(renamed).toContainText('set (never shown again)');
  // Now the check says what it checked.
  await renamed.getByRole('button', { name: 'Check connection' }).click();
  await expect(renamed.getByRole('status')).toHaveText(
    "Connected to WhatsApp: the access token works, phone number ID 106540352242922 is 15550783881 (Kaon Fake Business), it belongs to business account 102290129340398. Set the webhook URL and verify token in Meta's App Dashboard.",
  );
  await expect(section.getByRole('alert')).toHaveCount(0);
  await renamed.getByRole('button', { name: 'Edit WhatsApp sales' }).click();
  await expect(renamed.getByLabel('New access token')).toHaveValue('');
  const after = await owner.content();
  for (const secret of ['EAAG-very-secret-access-token', 'fake-wa-access-token', 'app-secret-do-not-show']) expect(after).not.toContain(secret);
  await renamed.getByRole('button', { name: 'Cancel' }).click();

  await renamed.getByRole('button', { name: 'Disable WhatsApp sales' }).click();
  await expect(renamed).toContainText('disabled');

  const agent = await newPerson();
  await acceptInvite(agent, invite, { name: 'Aaron Agent', email: 'aaron@example.com', password: 'aaron-password' });
  await agent.getByRole('link', { name: 'Settings' }).click();
  await agent.getByRole('link', { name: 'Channels' }).click();
  await expect(agent.getByRole('article', { name: 'WhatsApp sales' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Add WhatsApp channel' })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: /Edit|Delete|Disable|Enable/ })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: /Add template/ })).toHaveCount(0);
});

test('an owner renames a Telegram bot and may replace its token; a malformed token is explained under its field', async ({ page: owner }) => {
  await setupOwner(owner);
  await owner.getByRole('link', { name: 'Settings' }).click();
  await owner.getByRole('link', { name: 'Channels' }).click();
  await owner.getByRole('button', { name: 'Add Telegram bot' }).click();
  const form = owner.getByRole('form', { name: 'New Telegram bot' });
  await form.getByLabel('Channel name').fill('Telegram bot');
  // The in-process Telegram fake's token (SIMULATOR=1).
  await form.getByLabel('Bot token').fill('123456789:AAFakeTelegramTokenForKaonTests_0123');
  await form.getByRole('button', { name: 'Save Telegram bot' }).click();
  const section = owner.getByRole('region', { name: 'WhatsApp and Telegram' });
  await expect(section.getByRole('status')).toHaveText('Telegram bot connected.');

  const card = owner.getByRole('article', { name: 'Telegram bot' });
  await card.getByRole('button', { name: 'Edit Telegram bot' }).click();
  const edit = card.getByRole('form', { name: 'Edit Telegram bot' });
  await expect(edit.getByLabel('Phone number ID')).toHaveCount(0);
  await expect(edit.getByLabel('Channel name')).toBeFocused();
  // Esc closes the form without saving; Edit opens it again.
  await owner.keyboard.press('Escape');
  await expect(edit).toHaveCount(0);
  await card.getByRole('button', { name: 'Edit Telegram bot' }).click();
  await expect(edit.getByLabel('New bot token')).toHaveValue('');
  await expect(edit.getByLabel('New bot token')).toHaveAccessibleDescription('Set. Leave empty to keep the current bot token.');
  await edit.getByLabel('New bot token').fill('not a token');
  await edit.getByLabel('Channel name').fill('Telegram help');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByLabel('New bot token')).toHaveAccessibleDescription('Paste the token BotFather gave you (digits, a colon, then letters)');
  // The refused field has the focus and is marked.
  await expect(edit.getByLabel('New bot token')).toBeFocused();
  await expect(edit.getByLabel('New bot token')).toHaveAttribute('aria-invalid', 'true');
  await expect(owner.getByRole('article', { name: 'Telegram help' })).toHaveCount(0);

  // Left empty, the token is kept: the renamed bot still connects.
  await edit.getByLabel('New bot token').fill('');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const renamed = owner.getByRole('article', { name: 'Telegram help' });
  await expect(section.getByRole('status')).toHaveText('Telegram help saved.');
  await renamed.getByRole('button', { name: 'Check connection' }).click();
  await expect(renamed.getByRole('status')).toHaveText(/^Connected to @\w+; Telegram now sends its messages to /);
  expect(await owner.content()).not.toContain('AAFakeTelegramTokenForKaonTests');
});

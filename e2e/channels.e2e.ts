import { acceptInvite, createInvite, expect, setupOwner, test } from './fixtures';

test('an owner adds a WhatsApp channel: its webhook address is shown, its secrets never are; agents cannot manage it', async ({ page: owner, newPerson }) => {
  await setupOwner(owner);
  const invite = await createInvite(owner, 'agent');
  await owner.getByRole('link', { name: 'Channels' }).click();
  await owner.getByRole('button', { name: 'Add WhatsApp channel' }).click();
  const form = owner.getByRole('form', { name: 'New WhatsApp channel' });
  await form.getByLabel('Channel name').fill('WhatsApp support');
  await form.getByLabel('Phone number ID').fill('106540352242922');
  await form.getByLabel('Access token').fill('EAAG-very-secret-access-token');
  await form.getByLabel('App secret').fill('app-secret-do-not-show');
  await form.getByLabel('Verify token').fill('my verify phrase');
  await form.getByRole('button', { name: 'Save WhatsApp channel' }).click();

  const card = owner.getByRole('article', { name: 'WhatsApp support' });
  await expect(card.getByRole('textbox', { name: 'Webhook address for WhatsApp support' })).toHaveValue(/\/webhooks\/whatsapp\//);
  await expect(card).toContainText('set (never shown again)');
  const html = await owner.content();
  expect(html).not.toContain('EAAG-very-secret-access-token');
  expect(html).not.toContain('app-secret-do-not-show');

  await expect(card.getByRole('button', { name: 'Add template to WhatsApp support' })).toBeVisible();
  await card.getByRole('button', { name: 'Disable WhatsApp support' }).click();
  await expect(card).toContainText('disabled');

  const agent = await newPerson();
  await acceptInvite(agent, invite, { name: 'Aaron Agent', email: 'aaron@example.com', password: 'aaron-password' });
  await agent.getByRole('link', { name: 'Settings' }).click();
  await agent.getByRole('link', { name: 'Channels' }).click();
  await expect(agent.getByRole('article', { name: 'WhatsApp support' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Add WhatsApp channel' })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: /Delete|Disable|Enable/ })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: /Add template/ })).toHaveCount(0);
});

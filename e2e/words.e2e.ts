import { acceptInvite, createInvite, expect, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

test('words a new team reads: the empty inbox, channel names once, Copy buttons, counts, search matches', async ({ page: owner, newPerson }) => {
  await setupOwner(owner, { name: 'Olivia Owner', email: 'olivia@example.com', password: 'olivia-password', space: 'Acme Support' });

  // The owner's empty inbox says where conversations come from and links there.
  const queue = owner.getByRole('tabpanel');
  await expect(queue).toContainText('No open conversations yet.');
  await queue.getByRole('link', { name: 'Set up a channel' }).click();
  await expect(owner.getByRole('heading', { name: 'Channels' })).toBeVisible();

  // The default channel is called "Website chat": its heading says so once, not "Website chat · Website chat".
  const chat = owner.getByRole('article', { name: 'Website chat' });
  await expect(chat.getByRole('heading', { level: 3 })).toHaveText('Website chat');
  await expect(chat.getByRole('button', { name: 'Copy customer link' })).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Copy embed snippet' })).toBeVisible();
  const link = await chat.getByRole('textbox', { name: 'Customer link for Website chat' }).inputValue();
  // A channel with its own name keeps the kind beside it.
  await owner.getByLabel('New website chat name').fill('Pricing page');
  await owner.getByRole('button', { name: 'Add website chat' }).click();
  await expect(owner.getByRole('article', { name: 'Pricing page' }).getByRole('heading', { level: 3 })).toHaveText('Pricing page · Website chat');

  // Copy buttons are named after what they copy.
  await owner.getByRole('link', { name: 'API tokens' }).click();
  await owner.getByLabel('Token name').fill('Import script');
  await owner.getByRole('button', { name: 'Create token' }).click();
  await expect(owner.getByRole('button', { name: 'Copy API token' })).toBeVisible();
  const invite = await createInvite(owner, 'agent');
  await expect(owner.getByRole('button', { name: 'Copy invite link' })).toBeVisible();

  // An agent's empty inbox tells them what will arrive (no link to settings they cannot change).
  const agent = await newPerson();
  await acceptInvite(agent, invite, { name: 'Alan Agent', email: 'alan@example.com', password: 'alan-password' });
  await expect(agent.getByRole('tabpanel')).toContainText('New messages from your website chat, WhatsApp and Telegram arrive here');
  await expect(agent.getByRole('tabpanel').getByRole('link', { name: 'Set up a channel' })).toHaveCount(0);

  // One conversation is "1 conversation".
  const visitor = await newPerson();
  await visitorOpens(visitor, link, 'Vera Visitor');
  await visitorWrites(visitor, 'Hello, my order #123 is late');
  await visitorWrites(visitor, 'The order was placed on Monday');
  await owner.getByRole('link', { name: 'Messages' }).click();
  await expect(owner.getByRole('tab', { name: 'All 1 conversation', exact: true })).toBeVisible();
  await expect(owner.getByRole('tab', { name: 'Closed 0 conversations', exact: true })).toBeVisible();

  // Search says how many results and marks the matched word.
  await owner.getByRole('searchbox', { name: 'Search messages and contacts' }).fill('orde');
  const results = owner.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('status')).toHaveText('2 results');
  const hit = results.getByRole('link', { name: /Vera Visitor.*order #123 is late/ });
  await expect(hit.locator('mark')).toHaveText('order');
  await owner.getByRole('searchbox', { name: 'Search messages and contacts' }).fill('monday');
  await expect(results.getByRole('status')).toHaveText('1 result');
  await expect(results.getByRole('link').locator('mark')).toHaveText('Monday');
  await owner.getByRole('searchbox', { name: 'Search messages and contacts' }).fill('<b>nothing');
  await expect(results.getByRole('status')).toHaveText('Nothing matches “<b>nothing”.');
});

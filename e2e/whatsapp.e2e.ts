import type { Page } from '@playwright/test';
import { expect, expectAccessible, setupOwner, test } from './fixtures';

// The spawned server runs the WhatsApp fake in-process and serves the customer simulator.
test.use({ kaonEnv: { SIMULATOR: '1' } });

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true });
const customerThread = (page: Page) => page.getByRole('log', { name: 'Conversation with the business' });

test('a WhatsApp customer writes, the agent replies and sees delivered → read; after 24 hours the agent must send a template', async ({ page: agent }) => {
  await setupOwner(agent);

  // The owner connects a WhatsApp channel (the fake's phone number id and token) and adds a template.
  await agent.getByRole('link', { name: 'Settings' }).click();
  await agent.getByRole('link', { name: 'Channels' }).click();
  await agent.getByRole('button', { name: 'Add WhatsApp channel' }).click();
  const form = agent.getByRole('form', { name: 'New WhatsApp channel' });
  await form.getByLabel('Channel name').fill('WhatsApp support');
  await form.getByLabel('Phone number ID').fill('106540352242922');
  await form.getByLabel('Access token').fill('fake-wa-access-token');
  await form.getByLabel('App secret').fill('our-app-secret');
  await form.getByLabel('Verify token').fill('verify phrase');
  await form.getByRole('button', { name: 'Save WhatsApp channel' }).click();
  const card = agent.getByRole('article', { name: 'WhatsApp support' });
  await card.getByRole('button', { name: 'Add template to WhatsApp support' }).click();
  const tpl = card.getByRole('form', { name: 'New template for WhatsApp support' });
  await tpl.getByLabel('Template name').fill('order_ready');
  await tpl.getByLabel('Body').fill('Hello {{1}}, your order {{2}} is ready for pickup.');
  await tpl.getByLabel('What {{1}} stands for').fill('Customer name');
  await tpl.getByLabel('What {{2}} stands for').fill('Order number');
  await tpl.getByRole('button', { name: 'Save template' }).click();
  await expect(card.getByRole('region', { name: 'Templates of WhatsApp support' })).toContainText('order_ready');
  await expectAccessible(agent, 'Settings → Channels with a WhatsApp channel and a template');

  // A customer writes from the simulator: a signed webhook to Kaon's real endpoint. The simulator's
  // API needs a signed-in owner, so it opens in a second tab of the owner's browser.
  const customer = await agent.context().newPage();
  await customer.goto('/simulator');
  await customer.getByLabel('Channel').selectOption({ label: 'WhatsApp · WhatsApp support (Acme Support)' });
  await customer.getByLabel('Customer number').fill('15557654321');
  await customer.getByLabel('Customer name').fill('Asha Customer');
  await customer.getByLabel('Message').fill('Hi, is order 4521 ready?');
  await customer.getByRole('button', { name: 'Send as customer' }).click();
  await expect(customerThread(customer).getByText('Hi, is order 4521 ready?')).toBeVisible();

  // The agent answers within the window; the ticks follow the fake's status webhooks.
  await agent.getByRole('link', { name: 'Messages' }).click();
  await agent.getByRole('tab', { name: /^All/ }).click();
  await agent.getByRole('tabpanel').getByRole('link', { name: /Asha Customer/ }).click();
  await expect(conversation(agent).getByText('Hi, is order 4521 ready?')).toBeVisible();
  await agent.getByRole('textbox', { name: 'Message' }).fill('Let me check, one moment.');
  await agent.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(customerThread(customer).getByText('Let me check, one moment.')).toBeVisible();
  await expect(conversation(agent).getByLabel('Delivered')).toBeVisible();
  await customer.getByRole('button', { name: 'Mark replies as read' }).click();
  await expect(conversation(agent).getByLabel('Read')).toBeVisible();
  await expect(customerThread(customer).getByRole('listitem', { name: 'Reply from the business, Read' })).toBeVisible();

  // A reply the provider refuses shows its reason; Retry sends it again.
  await customer.getByRole('button', { name: 'Make the next WhatsApp reply fail' }).click();
  await expect(customer.getByRole('status')).toHaveText('The next WhatsApp reply will fail.');
  await agent.getByRole('textbox', { name: 'Message' }).fill('It is ready for pickup.');
  await agent.getByRole('textbox', { name: 'Message' }).press('Enter');
  const failed = conversation(agent).getByRole('img', { name: /^Failed: .*undeliverable/ });
  await expect(failed).toBeVisible();
  await expect(failed).toHaveAttribute('title', /undeliverable/);
  // Retry stands out from the accent bubble it sits on (WCAG AA, light and dark).
  await expectAccessible(agent, 'a failed WhatsApp reply with Retry');
  await conversation(agent).getByRole('button', { name: 'Retry' }).click();
  await expect(customerThread(customer).getByText('It is ready for pickup.')).toBeVisible();
  await expect(failed).toHaveCount(0);
  await expect(conversation(agent).getByLabel('Delivered')).toBeVisible();

  // 25 hours later the window is closed: the composer is replaced by the template picker before typing.
  await customer.getByRole('button', { name: 'Move clock 25 hours forward' }).click();
  await expect(customer.getByRole('status')).toContainText('Kaon time');
  await agent.reload();
  const picker = agent.getByRole('form', { name: 'Send a WhatsApp template' });
  await expect(picker).toContainText("Outside WhatsApp's 24-hour window — send a template to reopen the conversation");
  await expect(agent.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  await expect(picker.getByRole('combobox', { name: 'Template' }).locator('option:checked')).toHaveText('order_ready (en_US)');
  // "Customer name" means the contact's name: it starts filled from the contact, and says so; the
  // order number has no such meaning and waits for the agent.
  await expect(picker.getByLabel('Customer name')).toHaveValue('Asha Customer');
  await expect(picker.getByLabel('Customer name')).toHaveAccessibleDescription('From the contact’s details');
  await expect(picker.getByLabel('Order number')).toHaveValue('');
  await expect(picker.getByLabel('Template preview')).toHaveText('Hello Asha Customer, your order [Order number] is ready for pickup.');
  await picker.getByLabel('Customer name').fill('Asha');
  await picker.getByLabel('Order number').fill('4521');
  await expect(picker.getByLabel('Template preview')).toHaveText('Hello Asha, your order 4521 is ready for pickup.');
  await expectAccessible(agent, 'the WhatsApp template picker');
  await picker.getByRole('button', { name: 'Send template' }).click();

  // The fake received the template with its variables; the agent's thread shows the filled-in text.
  await expect(customerThread(customer).getByText('Template order_ready: Asha · 4521')).toBeVisible();
  await expect(conversation(agent).getByText('Hello Asha, your order 4521 is ready for pickup.')).toBeVisible();
});

import { startReceiver, type Receiver } from '../server/testing/webhookReceiver';
import { verifySignature } from '../server/webhooks/signature';
import { acceptInvite, createInvite, customerLink, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

// The receiver runs on this machine (127.0.0.1): the operator allows private addresses for this server.
// Retries start after 300 ms instead of 30 s, so the test sees one.
test.use({ kaonEnv: { WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_BASE_MS: '300' } });

let receiver: Receiver;
test.beforeEach(async () => {
  receiver = await startReceiver();
});
test.afterEach(async () => {
  await receiver.close();
});

test('a manager adds a webhook, sends a test and sees it in the log; a customer message arrives signed; agents do not see webhooks', async ({ page: owner, newPerson }) => {
  await setupOwner(owner);
  const managerInvite = await createInvite(owner, 'manager');
  const agentInvite = await createInvite(owner, 'agent');
  const link = await customerLink(owner);
  const manager = await newPerson();
  await acceptInvite(manager, managerInvite, { name: 'Mia Manager', email: 'mia@example.com', password: 'mia-password-123' });

  await manager.getByRole('link', { name: 'Settings' }).click();
  await manager.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(manager.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
  await expect(manager.getByText('No webhooks yet.')).toBeVisible();

  // A malformed address is refused in words, on its field. (Private addresses are allowed for this server.)
  const form = manager.getByRole('form', { name: 'Add a webhook' });
  await form.getByLabel('Address (URL)').fill('not an address');
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(form.getByLabel('Address (URL)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Address (URL)')).toBeFocused();
  await expect(form.getByText('Enter a full address, like https://example.com/kaon-events')).toBeVisible();

  await form.getByLabel('Address (URL)').fill(receiver.url);
  await form.getByLabel('Description (optional)').fill('CRM sync');
  const events = form.getByRole('group', { name: 'Events' });
  for (const label of ['Conversation opened', 'Conversation assigned', 'Conversation closed', 'Message received (from a customer)', 'Message sent (by an agent or workflow)']) {
    await expect(events.getByRole('checkbox', { name: label })).toBeChecked();
  }
  await events.getByRole('checkbox', { name: 'Message sent (by an agent or workflow)' }).uncheck();
  await form.getByRole('button', { name: 'Add webhook' }).click();

  const secretBox = manager.getByRole('textbox', { name: 'Signing secret of CRM sync' });
  await expect(secretBox).toHaveValue(/^whsec_/);
  const secret = await secretBox.inputValue();
  const card = manager.getByRole('article', { name: 'CRM sync' });
  await expect(card).toContainText('Events: Conversation opened, Conversation assigned, Conversation closed, Message received (from a customer)');

  // Send test answers in words, and the test shows in the delivery log.
  await card.getByRole('button', { name: 'Send test to CRM sync' }).click();
  await expect(card.getByRole('status')).toHaveText(/^Test: Delivered in \d+ ms \(200\)$/);
  expect(receiver.ofType('webhook.test')).toHaveLength(1);
  await card.getByRole('button', { name: 'Delivery log of CRM sync' }).click();
  const log = card.getByRole('table', { name: 'Delivery log of CRM sync' });
  await expect(log.getByRole('row').nth(1)).toContainText('Test');
  await expect(log.getByRole('row').nth(1)).toContainText(/Delivered in \d+ ms \(200\)/);
  await expectAccessible(manager, 'Settings → Webhooks');

  // A customer writes: the receiver gets the events, signed with the secret the manager copied.
  // It answers the first two deliveries with 500: Kaon retries them, signed again, until they get 200.
  receiver.answerNext(500, 2);
  const visitor = await newPerson();
  await visitorOpens(visitor, link, 'Carla');
  await visitorWrites(visitor, 'Is my parcel on its way?');
  await expect.poll(() => receiver.ofType('message.received').length).toBe(2);
  const [first, retry] = receiver.ofType('message.received');
  expect(retry!.headers['kaon-delivery']).toBe(first!.headers['kaon-delivery']);
  expect(retry!.headers['kaon-attempt']).toBe('2');
  for (const delivery of [first!, retry!]) {
    expect(verifySignature(secret, delivery.body, String(delivery.headers['kaon-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    expect(delivery.json.data).toMatchObject({ message: { body: 'Is my parcel on its way?', direction: 'in' } });
  }
  await expect.poll(() => receiver.ofType('conversation.opened').length).toBe(2);
  // The log follows live: delivered on the second attempt.
  const received = log.getByRole('row', { name: /Message received \(from a customer\)/ });
  await expect(received).toContainText(/Delivered in \d+ ms \(200\)/);
  await expect(received.getByRole('cell').last()).toHaveText('2');

  // The secret is not on the page after a reload.
  await manager.reload();
  await expect(manager.getByRole('article', { name: 'CRM sync' })).toBeVisible();
  expect(await manager.content()).not.toContain(secret);

  // Editing keeps the secret: the events change, Esc or Cancel leaves it as it was.
  await manager.getByRole('button', { name: 'Edit CRM sync' }).click();
  const edit = manager.getByRole('form', { name: 'Edit CRM sync' });
  await expect(edit.getByLabel('Address (URL)')).toBeFocused();
  await expect(edit.getByLabel('Address (URL)')).toHaveValue(receiver.url);
  await edit.getByRole('checkbox', { name: 'Conversation opened' }).uncheck();
  await edit.getByRole('button', { name: 'Save webhook' }).click();
  await expect(manager.getByRole('status').filter({ hasText: 'CRM sync saved.' })).toBeVisible();
  await expect(manager.getByRole('article', { name: 'CRM sync' })).toContainText('Events: Conversation assigned, Conversation closed, Message received (from a customer)');
  await expect(edit).toHaveCount(0);

  // Deleting asks first.
  await manager.getByRole('button', { name: 'Delete CRM sync' }).click();
  const dialog = manager.getByRole('dialog', { name: 'Delete CRM sync?' });
  await dialog.getByRole('button', { name: 'Delete webhook' }).click();
  await expect(manager.getByText('No webhooks yet.')).toBeVisible();

  // Agents have no Webhooks page.
  const agent = await newPerson();
  await acceptInvite(agent, agentInvite, { name: 'Alan Agent', email: 'alan@example.com', password: 'alan-password-123' });
  await agent.getByRole('link', { name: 'Settings' }).click();
  await expect(agent.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(agent.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' })).toHaveCount(0);
});

import type { Page } from '@playwright/test';
import { acceptInvite, aliceAndBob, createInvite, customerLink, expect, expectAccessible, test, visitorWrites } from './fixtures';

/**
 * The automated WCAG AA check (axe) on every screen a new team walks through, light and dark:
 * setup, Messages with a conversation open (a failed-looking reply, a file, a comment with a
 * mention), Contacts, a contact, Snippets, Workflows and the editor, each Settings page, the
 * website chat as the visitor sees it, invite acceptance and sign in.
 */
test.setTimeout(240_000);

const olivia = { name: 'Olivia Owner', email: 'olivia@example.com', password: 'olivia-password', space: 'Acme Support' };
const bob = { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password' };
const panel = (page: Page) => page.getByRole('complementary', { name: 'Contact' });

test('every screen passes the WCAG AA check in light and dark', async ({ page, newPerson }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up Kaon' })).toBeVisible();
  await expectAccessible(page, 'Setup');
  await page.getByLabel('Your name').fill(olivia.name);
  await page.getByLabel('E-mail').fill(olivia.email);
  await page.getByLabel('Password').fill(olivia.password);
  await page.getByLabel('Space name').fill(olivia.space);
  await page.getByRole('button', { name: 'Create space' }).click();
  await expect(page.getByRole('heading', { name: 'Messages' })).toBeVisible();
  await expectAccessible(page, 'Messages, empty');

  // Settings, page by page (Members with a fresh invite link on screen).
  const invite = await createInvite(page, 'agent');
  await expectAccessible(page, 'Settings → Members');
  const settingsNav = page.getByRole('navigation', { name: 'Settings' });
  for (const name of ['API tokens', 'Channels', 'Closing notes', 'Business hours', 'Contact fields', 'Space']) {
    await settingsNav.getByRole('link', { name, exact: true }).click();
    await expect(settingsNav.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page, `Settings → ${name}`);
  }
  const link = await customerLink(page);

  // Invite acceptance, in Bob's own browser.
  const bobPage = await newPerson();
  await bobPage.goto(invite);
  await expect(bobPage.getByRole('button', { name: 'Create account and join' })).toBeVisible();
  await expectAccessible(bobPage, 'Invite acceptance');
  await acceptInvite(bobPage, invite, bob);

  // The visitor's website chat: their own message and their own file, and the agent's reply.
  const visitor = await newPerson();
  await visitor.goto(link);
  await visitor.getByLabel('Your name (optional)').fill('Vera Visitor');
  await expectAccessible(visitor, 'Website chat, before writing');
  await visitorWrites(visitor, 'My order #123 is late');
  await visitor.locator('input[type=file]').setInputFiles({ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 receipt') });
  await expect(visitor.getByRole('link', { name: /receipt\.pdf/ })).toBeVisible();

  // Messages with the conversation open: a reply, an attachment, a comment mentioning Bob.
  await page.getByRole('link', { name: 'Messages' }).click();
  await page.getByRole('tabpanel').getByRole('link', { name: /Vera Visitor/ }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Sorry about that, checking now.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText('Sorry about that, checking now.')).toBeVisible();
  const composer = panel(page).getByRole('combobox', { name: 'Comment' });
  await composer.fill('Refund? @Bo');
  await panel(page).getByRole('listbox', { name: 'Members' }).getByRole('option', { name: 'Bob Agent' }).click();
  await composer.press('Enter');
  await expect(panel(page).getByRole('list', { name: 'Comments' })).toContainText('@Bob Agent');
  await expectAccessible(page, 'Messages with a conversation open');
  await expectAccessible(visitor, 'Website chat with messages, a file and a reply');

  // Contacts and a contact's page.
  await page.getByRole('link', { name: 'Contacts' }).click();
  await expectAccessible(page, 'Contacts');
  await page.getByRole('region', { name: 'Contacts' }).getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(page.getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expectAccessible(page, 'Contact page');

  // Snippets (list and editor) and Workflows (list and editor).
  await page.getByRole('link', { name: 'Snippets' }).click();
  await page.getByRole('button', { name: 'New snippet' }).click();
  await expectAccessible(page, 'Snippets, new snippet editor');
  await page.getByRole('link', { name: 'Workflows' }).click();
  await expectAccessible(page, 'Workflows');
  await page.getByRole('button', { name: 'New workflow' }).click();
  const editor = page.getByRole('form', { name: 'New workflow' });
  await editor.getByLabel('Add action').selectOption({ label: 'Assign by round robin' });
  await expectAccessible(page, 'Workflow editor');

  // Bob's Messages (an agent's view) and, signed out, the sign-in screen.
  await bobPage.getByRole('tabpanel').getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(bobPage.getByRole('region', { name: 'Conversation', exact: true }).getByText('My order #123 is late')).toBeVisible();
  await expectAccessible(bobPage, "An agent's Messages with a mention for them");
  await bobPage.getByRole('button', { name: 'Sign out' }).click();
  await expect(bobPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(bobPage, 'Sign in');
});

test('a screen reader hears what an agent sees: queue rows with channel and assignee, ticks, mentions, presence; the away switch holds back online-only assignment', async ({ page: alice, newPerson }) => {
  const { bobPage, link } = await aliceAndBob(alice, newPerson, bob);

  // Alice's workflow hands new conversations to Bob, online only.
  await alice.getByRole('link', { name: 'Workflows' }).click();
  await alice.getByRole('button', { name: 'New workflow' }).click();
  const editor = alice.getByRole('form', { name: 'New workflow' });
  await editor.getByLabel('Workflow name').fill('Bob takes it');
  await editor.getByLabel('Add action').selectOption({ label: 'Assign by round robin' });
  await editor.getByRole('group', { name: 'Action 1 members' }).getByLabel('Bob Agent').check();
  await editor.getByRole('button', { name: 'Save workflow' }).click();
  await expect(alice.getByRole('list', { name: 'Workflows' }).getByRole('heading', { name: 'Bob takes it' })).toBeVisible();

  // Bob steps away with the app open; it stays so after a reload.
  const bobStatus = bobPage.getByRole('switch', { name: 'Available' });
  await expect(bobStatus).toBeChecked();
  await bobStatus.click();
  await expect(bobStatus).not.toBeChecked();
  await expect(bobPage.getByText('Away: workflows skip you')).toBeVisible();
  await bobPage.reload();
  await expect(bobPage.getByRole('switch', { name: 'Available' })).not.toBeChecked();

  // A visitor writes: nobody online-and-available in the pool, so it waits, unassigned.
  const visitor = await newPerson();
  await visitor.goto(link);
  await visitor.getByLabel('Your name (optional)').fill('Vera Visitor');
  await visitorWrites(visitor, 'Is anyone there?');
  await alice.getByRole('link', { name: 'Messages' }).click();
  const queue = alice.getByRole('tabpanel');
  const unassigned = queue.getByRole('link', { name: /^Vera Visitor, Website chat, unassigned(, 1 unread)?: Is anyone there\?$/ });
  await expect(unassigned).toBeVisible();
  await expect(unassigned.locator('svg[data-channel="webchat"]')).toBeVisible();

  // Back online: the backlog sweep gives it to Bob, and the row says so.
  await bobPage.getByRole('switch', { name: 'Available' }).click();
  await expect(bobPage.getByRole('switch', { name: 'Available' })).toBeChecked();
  const assigned = queue.getByRole('link', { name: /^Vera Visitor, Website chat, assigned to Bob Agent(, 1 unread)?: Is anyone there\?$/ });
  await expect(assigned).toBeVisible();

  // Alone on the contact, Alice hears no empty status; once Bob views it, she hears him.
  await assigned.click();
  const panel = (page: Page) => page.getByRole('complementary', { name: 'Contact' });
  await expect(panel(alice).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expect(panel(alice).getByRole('status')).toHaveCount(0);
  await bobPage.getByRole('tabpanel').getByRole('link', { name: /^Vera Visitor/ }).click();
  await expect(panel(alice).getByRole('status')).toHaveText('Bob Agent is viewing');

  // Delivery ticks are named in words.
  const conversation = alice.getByRole('region', { name: 'Conversation', exact: true });
  await alice.getByRole('textbox', { name: 'Message' }).fill('Yes, Bob will help you.');
  await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText('Yes, Bob will help you.')).toBeVisible();
  await expect(conversation.getByRole('img', { name: /^(Sent|Delivered|Read)$/ })).toBeVisible();

  // A mention is announced as a mention.
  const composer = panel(alice).getByRole('combobox', { name: 'Comment' });
  await composer.fill('Over to you @Bo');
  await panel(alice).getByRole('listbox', { name: 'Members' }).getByRole('option', { name: 'Bob Agent' }).click();
  await composer.press('Enter');
  const mention = panel(bobPage).getByRole('list', { name: 'Comments' }).locator('[aria-roledescription="mention"]');
  await expect(mention).toHaveText('@Bob Agent');
});

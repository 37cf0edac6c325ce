import type { Page } from '@playwright/test';
import { aliceAndBob, expect, expectAccessible, test, visitorOpens, visitorWrites } from './fixtures';

const bob = { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password!' };

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
const queue = (page: Page) => page.getByRole('tabpanel');
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const status = (page: Page) => conversation(page).getByLabel('Status');

test('visitor → live queue → reply assigns → reassign → close with note → reopen as new', async ({ page: alice, newPerson }) => {
  const { bobPage, link } = await aliceAndBob(alice, newPerson, bob);
  await alice.getByRole('link', { name: 'Messages' }).click();
  await tab(alice, 'Unassigned').click();
  await tab(bobPage, 'Unassigned').click();

  const visitor = await newPerson();
  await visitorOpens(visitor, link, 'Vera Visitor');
  await visitorWrites(visitor, 'Hello, my order #123 is late');

  // Both agents see the new unassigned conversation live, without reloading.
  for (const agent of [alice, bobPage]) {
    await expect(queue(agent).getByRole('link', { name: /Vera Visitor/ })).toBeVisible();
    await expect(tab(agent, 'Unassigned')).toContainText('1');
  }

  // Alice replies: the conversation is hers, and the visitor sees the reply.
  await queue(alice).getByRole('link', { name: /Vera Visitor/ }).click();
  await alice.getByRole('textbox', { name: 'Message' }).fill('Hi Vera, let me check.');
  await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(status(alice)).toHaveText('Assigned to Alice Owner');
  await expect(visitor.getByText('Hi Vera, let me check.')).toBeVisible();
  // The visitor's page fetched it: the agent sees ✓✓ delivered, live.
  await expect(conversation(alice).getByLabel('Delivered')).toBeVisible();
  await expect(tab(bobPage, 'Unassigned')).toContainText('0');

  // Bob takes it over.
  await tab(bobPage, 'All').click();
  await queue(bobPage).getByRole('link', { name: /Vera Visitor/ }).click();
  await bobPage.getByRole('button', { name: 'Assign' }).click();
  await expectAccessible(bobPage, 'the Assign menu');
  await bobPage.getByRole('menuitem', { name: 'Assign to me' }).click();
  await expect(status(bobPage)).toHaveText('Assigned to Bob Agent');
  await expect(status(alice)).toHaveText('Assigned to Bob Agent');
  await expect(alice.getByText('Bob Agent assigned this to themself')).toBeVisible();

  // Alice closes it with a closing note.
  await alice.getByRole('button', { name: 'Close conversation' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Close conversation' });
  await dialog.getByLabel(/Category/).selectOption('Resolved');
  await dialog.getByLabel(/Summary/).fill('Sent the tracking link');
  await expectAccessible(alice, 'the Close conversation dialog');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  // The closing note is said once in the thread: its activity line, not again in a note below it.
  await expect(conversation(alice).getByText('Closed by Alice Owner — Resolved: Sent the tracking link')).toBeVisible();
  await expect(conversation(alice).getByText(/Sent the tracking link/)).toHaveCount(1);
  await expect(conversation(alice).getByRole('note')).toHaveText('This conversation is closed. Replying opens a new conversation assigned to you.');
  // Nothing else was open: the closed conversation stays on screen and focus goes back to the queue.
  await expect(tab(alice, 'Unassigned')).toBeFocused();
  // The closed conversation keeps its contact panel: the profile and the team's comments.
  await expect(alice.getByRole('complementary', { name: 'Contact' }).getByRole('combobox', { name: 'Comment' })).toBeVisible();
  await expect(tab(alice, 'All')).toContainText('0');
  await expect(tab(bobPage, 'Mine')).toContainText('0');
  await tab(bobPage, 'Closed').click();
  await expect(queue(bobPage).getByRole('link', { name: /Vera Visitor/ })).toContainText('Resolved: Sent the tracking link');
  // A closed row says so, with its channel and closing note, to a screen reader too.
  await expect(queue(bobPage).getByRole('link', { name: 'Vera Visitor, Website chat, closed: Resolved: Sent the tracking link' })).toBeVisible();
  await expectAccessible(bobPage, 'the Closed tab');
  await queue(bobPage).getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(bobPage.getByRole('complementary', { name: 'Contact' }).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();

  // The visitor writes again while Alice still has the closed conversation on screen: a new,
  // unassigned conversation opens, and Alice is told so right there.
  await visitorWrites(visitor, 'One more question');
  await expect(conversation(alice).getByRole('status').filter({ hasText: 'wrote again' })).toHaveText(/^Vera Visitor wrote again\./);
  await conversation(alice).getByRole('button', { name: 'Open the new conversation' }).click();
  await expect(conversation(alice).getByRole('list', { name: 'Messages in this conversation' }).getByText('One more question')).toBeVisible();
  await expect(conversation(alice).getByRole('button', { name: 'Close conversation' })).toBeVisible();
  await tab(alice, 'Unassigned').click();
  await expect(queue(alice).getByRole('link', { name: /Vera Visitor/ })).toHaveAttribute('aria-current', /^(true|page)$/);
  await expect(conversation(alice).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expect(status(alice)).toHaveText('Unassigned');
  await expect(alice.getByText('1 earlier conversation')).toBeVisible();
  await expectAccessible(alice, 'a returning contact with an earlier conversation');

  // Full-text search finds the first conversation's message.
  await alice.getByRole('searchbox', { name: 'Search messages and contacts' }).fill('orde');
  await expect(alice.getByRole('region', { name: 'Search results' }).getByRole('link', { name: /Vera Visitor.*order #123 is late/ })).toBeVisible();
});

test('attachments both ways, and a conflict on a stale version', async ({ page: alice, newPerson }) => {
  const { bobPage, link } = await aliceAndBob(alice, newPerson, bob);

  const visitor = await newPerson();
  await visitor.goto(link);
  await visitorWrites(visitor, 'Here is a photo of the damage');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await visitor.locator('input[type=file]').setInputFiles({ name: 'damage.png', mimeType: 'image/png', buffer: png });
  await expect(visitor.getByRole('img', { name: 'damage.png' })).toBeVisible();

  await alice.getByRole('link', { name: 'Messages' }).click();
  await queue(alice).getByRole('link', { name: /Visitor/ }).click();
  await expect(alice.getByRole('img', { name: 'damage.png' })).toBeVisible();
  await alice.locator('input[type=file]').setInputFiles({ name: 'return-label.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 return label') });
  await expect(alice.getByRole('list', { name: 'Attached files' })).toContainText('return-label.pdf');
  await expect(alice.getByRole('button', { name: 'Send' })).toBeEnabled();
  await alice.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('link', { name: /return-label\.pdf/ })).toBeVisible();
  const download = await visitor.request.get(await visitor.getByRole('link', { name: /return-label\.pdf/ }).getAttribute('href').then((h) => new URL(h!, link).toString()));
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe('%PDF-1.4 return label');

  // Bob's view goes stale (sync cut), Alice reassigns; Bob's action on the old version is refused.
  await bobPage.getByRole('link', { name: 'Messages' }).click();
  await queue(bobPage).getByRole('link', { name: /Visitor/ }).click();
  await expect(status(bobPage)).toHaveText('Assigned to Alice Owner');
  await bobPage.evaluate(() => (window as unknown as { kaonSync: { disconnect(): void } }).kaonSync.disconnect());
  await alice.getByRole('button', { name: 'Assign' }).click();
  await alice.getByRole('menuitem', { name: 'Unassign' }).click();
  await expect(status(alice)).toHaveText('Unassigned');
  await bobPage.getByRole('button', { name: 'Assign' }).click();
  await bobPage.getByRole('menuitem', { name: 'Assign to me' }).click();
  await expect(bobPage.getByRole('alert')).toHaveText('Someone else changed this conversation first. It now shows the latest state.');
  await expect(status(bobPage)).toHaveText('Unassigned');
  await expect(status(alice)).toHaveText('Unassigned');
});

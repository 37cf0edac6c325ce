import type { BrowserContext, Page } from '@playwright/test';
import { acceptInvite, createInvite, customerLink, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

const alice = { name: 'Alice Owner', email: 'alice@example.com', password: 'alice-password', space: 'Acme Support' };
const bob = { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password1' };

const queue = (page: Page) => page.getByRole('tabpanel');
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true });
const thread = (page: Page) => page.getByRole('list', { name: 'Messages in this conversation' });
const indicator = (page: Page) => page.getByRole('status', { name: /^Connection:/ });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const comments = (page: Page) => page.getByRole('complementary', { name: 'Contact' }).getByRole('list', { name: 'Comments' });

/** Cuts the agent off for real: no HTTP (setOffline) and no sync sockets (Playwright's setOffline leaves open WebSockets connected). */
async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await page.evaluate(() => (window as unknown as { kaonSync: { disconnect(): void } }).kaonSync.disconnect());
  await expect(indicator(page)).toContainText('Offline');
}

/** Alice sets up the space and invites Bob (the link is returned); Vera writes; Alice opens Vera's conversation. */
async function veraWritesToAlice(page: Page, newPerson: () => Promise<Page>) {
  await setupOwner(page, alice);
  const bobInvite = await createInvite(page, 'agent');
  const link = await customerLink(page);
  const visitor = await newPerson();
  await visitorOpens(visitor, link, 'Vera Visitor');
  await visitorWrites(visitor, 'Is my parcel on its way?');
  await page.getByRole('link', { name: 'Messages' }).click();
  await queue(page).getByRole('link', { name: /Vera Visitor/ }).click();
  return { bobInvite, visitor };
}

test('offline: reload still shows the queue, the conversation, the pending reply, the comment and the draft; reconnect delivers once and syncs them', async ({ page, newPerson }) => {
  test.setTimeout(90_000); // three people, four pages, one reload offline
  const context = page.context();
  const { bobInvite, visitor } = await veraWritesToAlice(page, newPerson);
  await expect(thread(page).getByText('Is my parcel on its way?')).toBeVisible();
  await expect(indicator(page)).toContainText('Online');
  // Bob, another agent, has the same conversation open.
  const bobPage = await newPerson();
  await acceptInvite(bobPage, bobInvite, bob);
  await queue(bobPage).getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(thread(bobPage).getByText('Is my parcel on its way?')).toBeVisible();
  // The service worker controls the page before the network goes (it keeps the app shell).
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);

  // A second tab of the same agent is open too: on reconnect both flush the same outbox.
  const secondTab = await context.newPage();
  await secondTab.goto(page.url());
  await expect(thread(secondTab).getByText('Is my parcel on its way?')).toBeVisible();

  await goOffline(context, page);
  await secondTab.evaluate(() => (window as unknown as { kaonSync: { disconnect(): void } }).kaonSync.disconnect());
  await composer(page).fill('Yes, it left this morning.');
  await composer(page).press('Enter');
  const pending = thread(page).getByRole('listitem', { name: 'Your message, pending' });
  await expect(pending).toContainText('Yes, it left this morning.');
  await expect(pending).toContainText('Pending');
  await composer(page).fill('Draft: tracking number is');
  const commentBox = page.getByRole('complementary', { name: 'Contact' }).getByRole('combobox', { name: 'Comment' });
  await commentBox.fill('Courier says Thursday, written offline.');
  await commentBox.press('Enter');
  await expect(comments(page)).toContainText('Courier says Thursday, written offline.');
  // The reply waits in the outbox; the draft and the comment in docs not yet synced.
  await expect(indicator(page)).toContainText('3 pending');
  await expect(comments(bobPage)).not.toContainText('Courier says Thursday');

  await page.reload();
  await expect(queue(page).getByRole('link', { name: /Vera Visitor/ })).toBeVisible();
  await expect(conversation(page).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expect(thread(page).getByText('Is my parcel on its way?')).toBeVisible();
  await expect(thread(page).getByRole('listitem', { name: 'Your message, pending' })).toContainText('Yes, it left this morning.');
  await expect(composer(page)).toHaveValue('Draft: tracking number is');
  await expect(comments(page)).toContainText('Courier says Thursday, written offline.');
  // The reload forgets nothing: the reply, the draft and the comment are still counted as pending.
  await expect(indicator(page)).toHaveText(/Offline\s*·\s*3 pending/);
  await expectAccessible(page, 'offline, with a pending reply, draft and comment');
  await expect(page).toHaveURL(/\/s\/[^/]+\/messages\//);
  // Alice moves on to another screen before the connection returns: what she wrote offline
  // (the comment on this contact, the draft, the reply) must still go out.
  await page.getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();

  // The connection returns: the reply goes out once, the rail says Online, the comment and draft sync.
  await context.setOffline(false);
  // The reloaded tab's sockets reconnect by themselves; the other tab's were closed by hand (setOffline cannot), so reopen them.
  await secondTab.evaluate(() => (window as unknown as { kaonSync: { connect(): void } }).kaonSync.connect());
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText('Yes, it left this morning.')).toBeVisible({ timeout: 20_000 });
  // Bob sees the comment Alice wrote offline on a contact she no longer has open, and the reply once.
  await expect(comments(bobPage)).toContainText('Courier says Thursday, written offline.', { timeout: 20_000 });
  await expect(thread(bobPage).getByText('Yes, it left this morning.')).toHaveCount(1);
  await expect(indicator(page)).toHaveText(/^\s*Online\s*$/, { timeout: 20_000 });
  await page.getByRole('link', { name: 'Messages' }).click();
  await queue(page).getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(thread(page).getByRole('listitem', { name: 'Your message, pending' })).toHaveCount(0);
  await expect(thread(page).getByText('Yes, it left this morning.')).toHaveCount(1);
  // Two tabs flushed the same outbox; the customer reloads their page: still exactly one.
  await expect(thread(secondTab).getByText('Yes, it left this morning.')).toHaveCount(1);
  await visitor.reload();
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText('Is my parcel on its way?')).toBeVisible();
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText('Yes, it left this morning.')).toHaveCount(1);

  // Alice's other device: the draft written offline is there.
  const laptop = await newPerson();
  await laptop.goto('/login');
  await laptop.getByLabel('E-mail').fill(alice.email);
  await laptop.getByLabel('Password').fill(alice.password);
  await laptop.getByRole('button', { name: /Sign in/ }).click();
  await expect(laptop.getByRole('heading', { name: 'Messages' })).toBeVisible();
  await queue(laptop).getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(composer(laptop)).toHaveValue('Draft: tracking number is');

  // Signing out offline would leave the session valid on the server: Kaon says so and stays signed in.
  await goOffline(laptop.context(), laptop);
  await laptop.getByRole('button', { name: 'Sign out' }).click();
  await expect(laptop.getByRole('alert')).toContainText('Kaon cannot be reached, so you are still signed in.');
  await expect(queue(laptop).getByRole('link', { name: /Vera Visitor/ })).toBeVisible();
  // Online again, signing out forgets this member's local copies of contacts, conversations and drafts.
  await laptop.context().setOffline(false);
  await laptop.evaluate(() => (window as unknown as { kaonSync: { connect(): void } }).kaonSync.connect());
  await expect(indicator(laptop)).toHaveText(/^\s*Online\s*$/, { timeout: 20_000 });
  await laptop.getByRole('button', { name: 'Sign out' }).click();
  await expect(laptop).toHaveURL(/\/login/);
  await expect.poll(() => laptop.evaluate(async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('kaon:s.')).length)).toBe(0);
});

test('offline, a conversation copied earlier says how old it may be, and header and contact panel agree', async ({ page, newPerson }) => {
  const context = page.context();
  // Alice reads the conversation (its copy is kept in this browser), then leaves it.
  const { bobInvite } = await veraWritesToAlice(page, newPerson);
  await expect(conversation(page).getByLabel('Status')).toHaveText('Unassigned');
  await expect(conversation(page).getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Messages' }).click();
  await expect(conversation(page)).toHaveCount(0);

  // Bob takes it meanwhile; Alice's queue (still open) hears of it, her copy of the conversation does not.
  const bobPage = await newPerson();
  await acceptInvite(bobPage, bobInvite, bob);
  await queue(bobPage).getByRole('link', { name: /Vera Visitor/ }).click();
  await bobPage.getByRole('button', { name: 'Assign' }).click();
  await bobPage.getByRole('menuitem', { name: 'Assign to me' }).click();
  await expect(conversation(bobPage).getByLabel('Status')).toHaveText('Assigned to Bob Agent');
  await expect(page.getByRole('tab', { name: /^Unassigned/ })).toContainText('0');

  // Offline, Alice opens it from her copies: it says it may be out of date, and the header and
  // the contact panel show the same, latest known assignee.
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await goOffline(context, page);
  await queue(page).getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(thread(page).getByText('Is my parcel on its way?')).toBeVisible();
  await expect(conversation(page).getByRole('status').filter({ hasText: 'Offline' })).toHaveText(/^Offline — last updated \d{1,2}:\d{2}/);
  await expect(conversation(page).getByLabel('Status')).toHaveText('Assigned to Bob Agent');
  await expect(page.getByRole('complementary', { name: 'Contact' }).getByRole('definition').filter({ hasText: 'Agent' })).toHaveText('Bob Agent');

  // Back online, the note goes.
  await context.setOffline(false);
  await page.evaluate(() => (window as unknown as { kaonSync: { connect(): void } }).kaonSync.connect());
  await expect(indicator(page)).toHaveText(/^\s*Online\s*$/, { timeout: 20_000 });
  await expect(conversation(page).getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0);
  await expect(conversation(page).getByLabel('Status')).toHaveText('Assigned to Bob Agent');
});

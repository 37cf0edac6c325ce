import type { Page } from '@playwright/test';
import { aliceAndBob, expect, expectAccessible, test, visitorOpens, visitorWrites } from './fixtures';

const bob = { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password!' };

const panel = (page: Page) => page.getByRole('complementary', { name: 'Contact' });
const commentsOf = (page: Page) => panel(page).getByRole('list', { name: 'Comments' });
const commentBy = (page: Page, name: string) => commentsOf(page).getByRole('listitem', { name: `Comment by ${name}` });

async function openConversation(page: Page, contact: string) {
  await page.getByRole('link', { name: 'Messages' }).click();
  await page.getByRole('tabpanel').getByRole('link', { name: new RegExp(contact) }).click();
  await expect(panel(page).getByRole('heading', { name: contact })).toBeVisible();
}

test('live comments with @mentions, notifications, Reply, concurrent profile edits and presence', async ({ page: alice, newPerson }) => {
  const { bobPage, link } = await aliceAndBob(alice, newPerson, bob);

  // A visitor on the website chat creates the contact and its conversation.
  const visitor = await newPerson();
  await visitorOpens(visitor, link, 'Vera Visitor');
  await visitorWrites(visitor, 'Hello, my order is late');

  await openConversation(alice, 'Vera Visitor');
  await openConversation(bobPage, 'Vera Visitor');

  // Presence: each sees the other on this contact, never themself.
  await expect(panel(alice).getByRole('status').getByText('Bob Agent is viewing')).toBeVisible();
  await expect(panel(bobPage).getByRole('status').getByText('Alice Owner is viewing')).toBeVisible();
  await expect(panel(alice).getByText('Alice Owner is viewing')).toHaveCount(0);

  // Bob starts a reply to the customer: Alice is warned before she answers too; it clears when he stops.
  await bobPage.getByRole('textbox', { name: 'Message' }).fill('Hi Vera, I am looking into it');
  await expect(panel(alice).getByRole('status').getByText('Bob Agent is writing a reply…')).toBeVisible();
  await expect(alice.getByRole('region', { name: 'Conversation' }).getByRole('status')).toHaveText('Bob Agent is writing a reply to Vera Visitor right now.');
  await bobPage.getByRole('textbox', { name: 'Message' }).fill('');
  await expect(alice.getByText('Bob Agent is writing a reply to Vera Visitor right now.')).toHaveCount(0);
  await expect(panel(alice).getByRole('status').getByText('Bob Agent is viewing')).toBeVisible();

  // Alice mentions Bob through the @ autocomplete.
  const composer = panel(alice).getByRole('combobox', { name: 'Comment' });
  await composer.fill('Can you check the refund? @Bo');
  await expect(panel(alice).getByRole('listbox', { name: 'Members' }).getByRole('option', { name: 'Bob Agent' })).toBeVisible();
  await composer.press('Enter');
  await expect(composer).toHaveValue('Can you check the refund? @Bob Agent ');
  await composer.pressSequentially('thanks');
  await expect(panel(bobPage).getByRole('status').getByText('Alice Owner is typing…')).toBeVisible();
  await composer.press('Enter');
  await expect(composer).toHaveValue('');

  // Bob sees it live, the mention as his name, and the bell counts it.
  await expect(commentBy(bobPage, 'Alice Owner')).toContainText('Can you check the refund? @Bob Agent thanks');
  await expect(commentBy(bobPage, 'Alice Owner').locator('.mention')).toHaveText('@Bob Agent');
  await expect(bobPage.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible();
  await expect(alice.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

  // Bob opens the notification: it leads to the conversation and the comment, and is read.
  await bobPage.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  const bell = bobPage.getByRole('dialog', { name: 'Notifications' });
  await expect(bell).toBeVisible();
  await expectAccessible(bobPage, 'the notifications popover with a mention');
  await bell.getByRole('button', { name: /Alice Owner mentioned you on Vera Visitor/ }).click();
  await expect(bobPage).toHaveURL(/\/messages\/[^?]+\?comment=/);
  await expect(bobPage.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await expect(commentBy(bobPage, 'Alice Owner')).toBeVisible();

  // Bob replies: the new comment mentions Alice, who sees it live and is notified.
  await commentBy(bobPage, 'Alice Owner').getByRole('button', { name: 'Reply' }).click();
  const bobComposer = panel(bobPage).getByRole('combobox', { name: 'Comment' });
  await expect(bobComposer).toBeFocused();
  await expect(bobComposer).toHaveValue('@Alice Owner ');
  await bobComposer.pressSequentially('on it');
  await bobComposer.press('Enter');
  await expect(commentBy(alice, 'Bob Agent')).toContainText('@Alice Owner on it');
  await expect(commentBy(alice, 'Bob Agent')).toContainText('reply to Alice Owner');
  await expect(alice.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible();

  // Alice edits her comment; Bob sees the edit.
  await commentBy(alice, 'Alice Owner').getByRole('button', { name: 'Edit' }).click();
  const editor = panel(alice).getByRole('combobox', { name: 'Edit comment' });
  await editor.fill('Refund approved @Bob Agent');
  await editor.press('Enter');
  await expect(commentBy(bobPage, 'Alice Owner')).toContainText('Refund approved @Bob Agent');
  await expect(commentBy(bobPage, 'Alice Owner')).toContainText('edited');
  // Bob, an agent, can't edit or delete Alice's comment.
  await expect(commentBy(bobPage, 'Alice Owner').getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(commentBy(bobPage, 'Alice Owner').getByRole('button', { name: 'Delete' })).toHaveCount(0);

  // Both edit the profile at the same time: the pages converge.
  const name = (page: Page) => panel(page).getByRole('textbox', { name: 'Name' });
  const company = (page: Page) => panel(page).getByRole('textbox', { name: 'Company' });
  const addTag = (page: Page) => panel(page).getByRole('textbox', { name: 'Add tag' });
  await Promise.all([
    (async () => {
      await name(alice).fill('Vera Vance');
      await name(alice).press('Enter');
      await addTag(alice).fill('vip');
      await addTag(alice).press('Enter');
    })(),
    (async () => {
      await company(bobPage).fill('Vance & Co');
      await company(bobPage).press('Enter');
      await addTag(bobPage).fill('refund');
      await addTag(bobPage).press('Enter');
    })(),
  ]);
  for (const page of [alice, bobPage]) {
    await expect(name(page)).toHaveValue('Vera Vance');
    await expect(company(page)).toHaveValue('Vance & Co');
    await expect(panel(page).getByRole('button', { name: 'Remove tag vip' })).toBeVisible();
    await expect(panel(page).getByRole('button', { name: 'Remove tag refund' })).toBeVisible();
  }
  // Esc puts back the value instead of saving.
  await name(bobPage).fill('Wrong name');
  await name(bobPage).press('Escape');
  await expect(name(bobPage)).toHaveValue('Vera Vance');
  await expect(name(alice)).toHaveValue('Vera Vance');
  // Removing a tag on one page removes it on the other.
  await panel(bobPage).getByRole('button', { name: 'Remove tag vip' }).click();
  await expect(panel(alice).getByRole('button', { name: 'Remove tag vip' })).toHaveCount(0);

  // The owner deletes Bob's comment: it reads "Comment deleted" for both.
  await commentBy(alice, 'Bob Agent').getByRole('button', { name: 'Delete' }).click();
  await alice.getByRole('dialog', { name: 'Delete this comment?' }).getByRole('button', { name: 'Delete comment' }).click();
  await expect(commentBy(bobPage, 'Bob Agent')).toContainText('Comment deleted by Alice Owner');

  // Mark all read empties Alice's count; Esc closes the popover and focus returns to the bell.
  await alice.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  await alice.getByRole('dialog', { name: 'Notifications' }).getByRole('button', { name: 'Mark all read' }).click();
  await expect(alice.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await alice.keyboard.press('Escape');
  await expect(alice.getByRole('dialog', { name: 'Notifications' })).toHaveCount(0);
  await expect(alice.getByRole('button', { name: 'Notifications', exact: true })).toBeFocused();

  // Bob allowed desktop notifications and switched to another tab: a new mention pops one up.
  await bobPage.context().grantPermissions(['notifications']);
  await bobPage.evaluate(() => {
    const shown: string[] = [];
    (window as unknown as { shown: string[] }).shown = shown;
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(title);
      }
    } as typeof Notification;
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
  });
  await composer.fill('@Bo');
  await composer.press('Tab');
  await composer.pressSequentially('one more thing');
  await composer.press('Enter');
  await expect(bobPage.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible();
  await expect.poll(() => bobPage.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual([
    // The contact's name in SQLite follows the profile once it is projected there (Contacts module).
    expect.stringMatching(/^Alice Owner mentioned you on Vera (Visitor|Vance)$/),
  ]);
});

import type { Page } from '@playwright/test';
import { aliceAndBob, aliceWithVisitors, expect, test, visitorOpens, visitorWrites } from './fixtures';

const queue = (page: Page) => page.getByRole('tabpanel');
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const row = (page: Page, name: string) => queue(page).getByRole('link', { name: new RegExp(name) });

/** The owner's space with two waiting visitors, Vera (older) and Walt (newer, on top). */
async function twoVisitors(page: Page, newPerson: () => Promise<Page>) {
  await aliceWithVisitors(page, newPerson, [
    ['Vera Visitor', 'Hello, my order is late'],
    ['Walt Visitor', 'Do you ship to Norway?'],
  ]);
  await page.getByRole('link', { name: 'Messages' }).click();
  await expect(row(page, 'Vera Visitor')).toBeVisible();
  await expect(row(page, 'Walt Visitor')).toBeVisible();
}

test('the queue, the composer and the shortcut sheet from the keyboard alone', async ({ page, newPerson }) => {
  await twoVisitors(page, newPerson);

  // j moves real focus down the queue and opens each conversation; k goes back up.
  await page.keyboard.press('j');
  await expect(row(page, 'Walt Visitor')).toBeFocused();
  // Its focus ring is drawn inside the row, where the scrolling queue cannot clip it.
  await expect(row(page, 'Walt Visitor')).toHaveCSS('outline-style', 'solid');
  await expect(row(page, 'Walt Visitor')).toHaveCSS('outline-offset', '-2px');
  await expect(conversation(page).getByRole('heading', { name: 'Walt Visitor' })).toBeVisible();
  await page.keyboard.press('j');
  await expect(row(page, 'Vera Visitor')).toBeFocused();
  await expect(conversation(page).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await page.keyboard.press('k');
  await expect(row(page, 'Walt Visitor')).toBeFocused();
  await expect(conversation(page).getByRole('heading', { name: 'Walt Visitor' })).toBeVisible();
  // On a row, the arrows do the same.
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'Vera Visitor')).toBeFocused();
  await expect(conversation(page).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(row(page, 'Walt Visitor')).toBeFocused();

  // r focuses the reply box without typing an "r" into it.
  const message = page.getByRole('textbox', { name: 'Message' });
  await page.keyboard.press('r');
  await expect(message).toBeFocused();
  await page.keyboard.type('Shall I check');
  await expect(message).toHaveValue('Shall I check');

  // Esc leaves the box for the conversation's queue row, so j moves again (and types nothing).
  await page.keyboard.press('Escape');
  await expect(row(page, 'Walt Visitor')).toBeFocused();
  await page.keyboard.press('j');
  await expect(row(page, 'Vera Visitor')).toBeFocused();
  await expect(conversation(page).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();

  // ? shows every shortcut; Esc closes the sheet and focus is back on the row.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  for (const does of ['Next conversation', 'Previous conversation', 'Reply: go to the message box', 'Assign', 'Close the conversation', 'Show these shortcuts']) {
    await expect(sheet.getByRole('cell', { name: does, exact: true })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(row(page, 'Vera Visitor')).toBeFocused();
  // Its Close button works the same way.
  await page.keyboard.press('?');
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();
  await expect(message).toHaveValue('');
});

test('the Assign menu and the closing dialog by keyboard, focus back where it was', async ({ page, newPerson }) => {
  await twoVisitors(page, newPerson);
  await row(page, 'Vera Visitor').click();
  const status = conversation(page).getByLabel('Status');
  await expect(status).toHaveText('Unassigned');
  const assign = conversation(page).getByRole('button', { name: 'Assign' });

  // a opens the menu with the member search focused; ArrowDown goes into the menu, Enter picks.
  await page.keyboard.press('a');
  const menu = page.getByRole('menu', { name: 'Assign conversation' });
  await expect(menu).toBeVisible();
  await expect(assign).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('searchbox', { name: 'Search members' })).toBeFocused();
  await expect(page.getByRole('searchbox', { name: 'Search members' })).toHaveValue(''); // the "a" is not typed into it
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Assign to me' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Assign to Alice Owner' })).toBeFocused();
  await page.keyboard.press('ArrowDown'); // wraps around
  await expect(menu.getByRole('menuitem', { name: 'Assign to me' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status).toHaveText('Assigned to Alice Owner');
  await expect(menu).toBeHidden();
  await expect(assign).toBeFocused();

  // Now it is hers: the menu offers Unassign; Esc closes it and focus is back on Assign.
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('menuitem', { name: 'Assign to me' })).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Unassign' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Assign to Alice Owner (assigned now)' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(assign).toBeFocused();
  await expect(status).toHaveText('Assigned to Alice Owner');

  // Typing in the search and Enter assigns the first match.
  await page.keyboard.press('Enter');
  await page.keyboard.type('ali');
  await page.keyboard.press('Enter');
  await expect(assign).toBeFocused();

  // Shift+C opens the closing dialog; Esc cancels it and focus returns to where it was.
  await page.keyboard.press('Shift+C');
  const dialog = page.getByRole('dialog', { name: 'Close conversation' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(assign).toBeFocused();
  await conversation(page).getByRole('button', { name: 'Close conversation' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(conversation(page).getByRole('button', { name: 'Close conversation' })).toBeFocused();

  // The contact panel's fields: a refused value keeps the focus, marked, with the reason as its description.
  const company = page.getByRole('complementary', { name: 'Contact' }).getByRole('textbox', { name: 'Company' });
  await company.fill('x'.repeat(1000));
  await company.press('Enter');
  await expect(company).toBeFocused();
  await expect(company).toHaveAttribute('aria-invalid', 'true');
  await expect(company).toHaveAccessibleDescription('That is too long for company.');
});

test('opening a notification from the keyboard goes to the conversation and focus is back on the bell', async ({ page: alice, newPerson }) => {
  const { bobPage, link } = await aliceAndBob(alice, newPerson, { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password!' });
  const visitor = await newPerson();
  await visitorOpens(visitor, link, 'Vera Visitor');
  await visitorWrites(visitor, 'Hello, my order is late');
  await alice.getByRole('link', { name: 'Messages' }).click();

  // Bob gives the conversation to Alice: she is notified.
  await row(bobPage, 'Vera Visitor').click();
  await conversation(bobPage).getByRole('button', { name: 'Assign' }).click();
  await bobPage.getByRole('menu', { name: 'Assign conversation' }).getByRole('menuitem', { name: 'Assign to Alice Owner' }).click();
  const bell = alice.getByRole('button', { name: 'Notifications, 1 unread' });
  await expect(bell).toBeVisible();

  await bell.focus();
  await alice.keyboard.press('Enter');
  const panel = alice.getByRole('dialog', { name: 'Notifications' });
  const item = panel.getByRole('button', { name: /Bob Agent assigned you Vera Visitor/ });
  await item.focus();
  await alice.keyboard.press('Enter');
  await expect(panel).toBeHidden();
  await expect(conversation(alice).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expect(alice.getByRole('button', { name: 'Notifications' })).toBeFocused();
});

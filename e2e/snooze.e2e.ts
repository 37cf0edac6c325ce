import type { Page } from '@playwright/test';
import { customerLink, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

const queue = (page: Page) => page.getByRole('tabpanel');
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const thread = (page: Page) => page.getByRole('list', { name: 'Messages in this conversation' });
const row = (page: Page, name: string) => queue(page).getByRole('link', { name: new RegExp(name) });
const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });

test('snooze from the keyboard: the conversation leaves the queue, waits under Snoozed, and comes back when the customer writes or on Unsnooze', async ({ page, newPerson }) => {
  await setupOwner(page, { name: 'Alice Owner', email: 'alice@example.com', password: 'alice-password', space: 'Acme Support' });
  const link = await customerLink(page);
  const vera = await newPerson();
  await visitorOpens(vera, link, 'Vera Visitor');
  await visitorWrites(vera, 'My parcel is late');
  const walt = await newPerson();
  await visitorOpens(walt, link, 'Walt Visitor');
  await visitorWrites(walt, 'Do you ship to Norway?');
  await page.getByRole('link', { name: 'Messages' }).click();
  await row(page, 'Vera Visitor').click();
  await expect(conversation(page).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();

  // z opens the Snooze menu on its first choice; the arrows move, Enter picks.
  await conversation(page).getByRole('heading', { name: 'Vera Visitor' }).click();
  await page.keyboard.press('z');
  const menu = page.getByRole('menu', { name: 'Snooze conversation' });
  await expect(menu.getByRole('menuitem', { name: 'For 1 hour' })).toBeFocused();
  await expectAccessible(page, 'the Snooze menu');
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Until the customer writes' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);

  // It leaves the queue; the header and the thread say it is snoozed; focus is on Unsnooze.
  await expect(row(page, 'Vera Visitor')).toHaveCount(0);
  await expect(row(page, 'Walt Visitor')).toBeVisible();
  await expect(conversation(page).getByText('Snoozed — back when the customer writes')).toBeVisible();
  await expect(thread(page).getByText('Alice Owner snoozed this until the customer writes')).toBeVisible();
  await expect(tab(page, 'Snoozed')).toContainText('1');
  await tab(page, 'Snoozed').click();
  await expect(row(page, 'Vera Visitor')).toBeVisible();
  await expect(row(page, 'Vera Visitor')).toHaveAccessibleName(/snoozed \(Back when the customer writes\)/);
  await expectAccessible(page, 'the Snoozed tab');

  // The customer writes: it is back in the queue, in the same conversation.
  await visitorWrites(vera, 'Any news about it?');
  await expect(row(page, 'Vera Visitor')).toHaveCount(0);
  await tab(page, 'All').click();
  await expect(row(page, 'Vera Visitor')).toBeVisible();
  await expect(thread(page).getByText('Back from snooze: the customer wrote')).toBeVisible();
  await expect(thread(page).getByText('Any news about it?')).toBeVisible();

  // A time of one's own, then Unsnooze brings it back at once.
  await conversation(page).getByRole('button', { name: 'Snooze' }).click();
  await page.getByLabel('Until a date and time').fill('2000-01-01T09:00');
  await page.getByRole('button', { name: 'Snooze until then' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose a time at least a minute from now.');
  // In a month, at 09:00 in the browser's time zone.
  const inAMonth = new Date(Date.now() + 30 * 86_400_000);
  const local = `${inAMonth.getFullYear()}-${String(inAMonth.getMonth() + 1).padStart(2, '0')}-${String(inAMonth.getDate()).padStart(2, '0')}T09:00`;
  await page.getByLabel('Until a date and time').fill(local);
  await page.getByRole('button', { name: 'Snooze until then' }).click();
  await expect(row(page, 'Vera Visitor')).toHaveCount(0);
  await expect(conversation(page).getByText(/^Snoozed — back /)).toBeVisible();
  await conversation(page).getByRole('button', { name: 'Unsnooze' }).click();
  await expect(row(page, 'Vera Visitor')).toBeVisible();
  await expect(thread(page).getByText('Alice Owner unsnoozed this')).toBeVisible();
  await expect(tab(page, 'Snoozed')).toContainText('0');
});

test('an owner turns auto-close on in Settings → Closing notes, with the hours checked', async ({ page }) => {
  await setupOwner(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Closing notes' }).click();
  const auto = page.getByRole('checkbox', { name: /Close conversations automatically/ });
  await expect(auto).not.toBeChecked();
  await auto.check();
  const hours = page.getByRole('spinbutton', { name: 'Hours without a customer message before closing' });
  await hours.fill('0');
  await page.getByRole('button', { name: 'Save closing notes' }).click();
  await expect(page.getByText('Auto-close: enter a whole number of hours from 1 to 2160.')).toBeVisible();
  await expect(hours).toBeFocused();
  await hours.fill('48');
  await page.getByRole('button', { name: 'Save closing notes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Close conversations automatically/ })).toBeChecked();
  await expect(page.getByRole('spinbutton', { name: 'Hours without a customer message before closing' })).toHaveValue('48');
  await expectAccessible(page, 'Settings → Closing notes with auto-close');
});

import type { Page } from '@playwright/test';
import { customerLink, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

const queue = (page: Page) => page.getByRole('tabpanel');
const thread = (page: Page) => page.getByRole('list', { name: 'Messages in this conversation' });

test('a website chat that asks: after the close the customer rates the conversation, and the team reads it in the thread and on the contact', async ({ page, newPerson }) => {
  await setupOwner(page);
  const link = await customerLink(page);
  // Off by default; the owner turns it on for the website chat.
  const ask = page.getByRole('checkbox', { name: /Ask customers to rate the conversation/ });
  await expect(ask).not.toBeChecked();
  await ask.check();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Ask customers to rate the conversation/ })).toBeChecked();

  const vera = await newPerson();
  await visitorOpens(vera, link, 'Vera Visitor');
  await visitorWrites(vera, 'Where is my parcel?');
  await expect(vera.getByRole('form', { name: 'How did we do?' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Messages' }).click();
  await queue(page).getByRole('link', { name: /Vera Visitor/ }).click();
  await page.getByRole('button', { name: 'Close conversation' }).click();
  await page.getByRole('dialog', { name: 'Close conversation' }).getByRole('button', { name: 'Close', exact: true }).click();

  // The customer's page asks, live; a rating is needed before sending.
  const form = vera.getByRole('form', { name: 'How did we do?' });
  await expect(form).toBeVisible();
  await expectAccessible(vera, 'the chat asking for a rating');
  await form.getByRole('button', { name: 'Send rating' }).click();
  await expect(form.getByRole('alert')).toHaveText('Pick a rating from 1 to 5.');
  await form.getByRole('radio', { name: /^4/ }).check();
  await form.getByLabel('Anything to add? (optional)').fill('Quick and kind');
  await form.getByRole('button', { name: 'Send rating' }).click();
  await expect(vera.getByRole('status').filter({ hasText: 'Thank you for your rating: 4 of 5.' })).toBeVisible();
  await expect(form).toHaveCount(0);

  // The team reads it in the thread and on the contact.
  await expect(thread(page).getByText('Vera Visitor rated this 4 of 5 (Good): “Quick and kind”')).toBeVisible();
  await page.getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('link', { name: /Vera Visitor/ }).first().click();
  await expect(page.getByText('Customer rating: 4 of 5 — “Quick and kind”')).toBeVisible();
});

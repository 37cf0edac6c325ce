import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The field has focus, is marked invalid, and its description is the error shown under it. */
async function refused(field: Locator) {
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/\w/);
}

const settings = async (page: Page, section: string) => {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section, exact: true }).click();
};

test('setup, sign-in and the settings, snippet and workflow forms put focus on the first field in error', async ({ page }) => {
  // Setup with nothing filled in: focus on the first field; each field says what is wrong.
  await page.goto('/');
  await page.getByRole('button', { name: 'Create space' }).click();
  await refused(page.getByLabel('Your name'));
  await expect(page.getByLabel('Space name')).toHaveAttribute('aria-invalid', 'true');
  // Fixed in order, focus goes to the next field in error; the fixed ones are no longer marked.
  await page.getByLabel('Your name').fill('Olivia Owner');
  await page.getByLabel('E-mail').fill('olivia@example.com');
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Space name').fill('Acme Support');
  await page.getByRole('button', { name: 'Create space' }).click();
  await refused(page.getByLabel('Password'));
  await expect(page.getByLabel('Your name')).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Password').fill('olivia-password');
  await page.getByRole('button', { name: 'Create space' }).click();
  await expect(page.getByRole('heading', { name: 'Messages' })).toBeVisible();

  // Settings forms.
  await settings(page, 'API tokens');
  await page.getByRole('button', { name: 'Create token' }).click();
  await refused(page.getByLabel('Token name'));
  await settings(page, 'Channels');
  await page.getByRole('button', { name: 'Add website chat' }).click();
  await refused(page.getByLabel('New website chat name'));
  await page.getByRole('button', { name: 'Add Telegram bot' }).click();
  const bot = page.getByRole('form', { name: 'New Telegram bot' });
  await bot.getByRole('button', { name: 'Save Telegram bot' }).click();
  await refused(bot.getByLabel('Channel name'));
  await expect(bot.getByLabel('Bot token')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Add WhatsApp channel' }).click();
  const whatsapp = page.getByRole('form', { name: 'New WhatsApp channel' });
  await whatsapp.getByLabel('Channel name').fill('Sales');
  await whatsapp.getByRole('button', { name: 'Save WhatsApp channel' }).click();
  await refused(whatsapp.getByLabel('Phone number ID'));
  await settings(page, 'Members');
  await page.getByLabel('E-mail (optional)').fill('not an address');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  await refused(page.getByLabel('E-mail (optional)'));

  // The snippet editor: the name first, then the text.
  await page.getByRole('link', { name: 'Snippets' }).click();
  await page.getByRole('button', { name: 'New snippet' }).click();
  await page.getByRole('button', { name: 'Save snippet' }).click();
  await refused(page.getByLabel('Name'));
  await page.getByLabel('Name').fill('Greeting');
  await page.getByLabel('Shortcut').fill('hi');
  await page.getByRole('button', { name: 'Save snippet' }).click();
  await refused(page.getByLabel('Text'));

  // The workflow editor.
  await page.getByRole('link', { name: 'Workflows' }).click();
  await page.getByRole('button', { name: 'New workflow' }).click();
  await page.getByRole('button', { name: 'Save workflow' }).click();
  await refused(page.getByLabel('Workflow name'));

  // Sign-in.
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await refused(page.getByLabel('E-mail'));
});

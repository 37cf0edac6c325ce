// Regenerates docs/screenshot.png (the README's picture): a real Kaon, two agents, three visitors.
// Run after `npm run build`: node --import tsx scripts/screenshot.mjs
import { chromium } from '@playwright/test';
import { startServer } from '../client/testing/server.ts';
const server = await startServer({ clientDir: 'dist/client' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 860 } });
  const page = await ctx.newPage();
  await page.goto('/');
  await page.getByLabel('Your name').fill('Olivia Owner');
  await page.getByLabel('E-mail').fill('olivia@example.com');
  await page.getByLabel('Password').fill('olivia-password');
  await page.getByLabel('Space name').fill('Acme Support');
  await page.getByRole('button', { name: 'Create space' }).click();
  await page.getByRole('heading', { name: 'Messages' }).waitFor();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('Role', { exact: true }).selectOption('agent');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const invite = await page.getByRole('textbox', { name: 'Invite link' }).inputValue();
  await page.getByRole('link', { name: 'Channels' }).click();
  const link = await page.getByRole('textbox', { name: /^Customer link/ }).inputValue();
  const bobCtx = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 860 } });
  const bob = await bobCtx.newPage();
  await bob.goto(invite);
  await bob.getByLabel('Your name').fill('Bob Agent');
  await bob.getByLabel('E-mail').fill('bob@example.com');
  await bob.getByLabel('Password').fill('bob-password!');
  await bob.getByRole('button', { name: 'Create account and join' }).click();
  await bob.getByRole('heading', { name: 'Messages' }).waitFor();
  for (const [name, text] of [['Walt Writer', 'Do you ship to Norway?'], ['Priya Shah', 'Can I change my delivery address?'], ['Vera Lind', 'Hello, my order #123 is late. It was supposed to arrive on Monday.']]) {
    const v = await (await browser.newContext()).newPage();
    await v.goto(link);
    await v.getByLabel('Your name (optional)').fill(name);
    await v.getByRole('textbox', { name: 'Message' }).fill(text);
    await v.getByRole('textbox', { name: 'Message' }).press('Enter');
    await v.getByRole('list', { name: 'Messages' }).getByText(text).waitFor();
  }
  await page.getByRole('link', { name: 'Messages' }).click();
  await page.getByRole('tabpanel').getByRole('link', { name: /Vera Lind/ }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Hi Vera, sorry about that! Let me check with the courier.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await bob.getByRole('tabpanel').getByRole('link', { name: /Vera Lind/ }).click();
  const panel = page.getByRole('complementary', { name: 'Contact' });
  await panel.getByLabel('Company').fill('Lind Bikes AB');
  await panel.getByLabel('Company').press('Enter');
  await panel.getByLabel('Add tag').fill('vip');
  await panel.getByLabel('Add tag').press('Enter');
  const box = panel.getByRole('combobox', { name: 'Comment' });
  await box.pressSequentially('@Bo');
  await page.getByRole('option', { name: /Bob Agent/ }).click();
  await box.pressSequentially('can you call the courier? Parcel DX-4471.');
  await box.press('Enter');
  await bob.getByRole('complementary', { name: 'Contact' }).getByRole('list', { name: 'Comments' }).getByText(/Parcel DX-4471/).waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'docs/screenshot.png' });
} finally {
  await browser.close();
  await server.stop();
}

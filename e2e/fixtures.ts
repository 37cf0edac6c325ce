import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../client/testing/server';

export type RunningKaon = RunningServer;

type Fixtures = {
  /** Extra environment for the spawned server, e.g. `test.use({ kaonEnv: { SIMULATOR: '1' } })`. */
  kaonEnv: Record<string, string>;
  kaon: RunningKaon;
  /** A separate browser context (own cookies and IndexedDB) on the running server: another person. */
  newPerson: () => Promise<Page>;
};

export const test = base.extend<Fixtures>({
  kaonEnv: [{}, { option: true }],
  kaon: async ({ kaonEnv }, use) => {
    // The real server, as `npm start` runs it (minus the build), on a free port with a fresh DATA_DIR.
    const server = await startServer({ clientDir: 'dist/client', env: kaonEnv });
    await use(server);
    await server.stop();
  },
  baseURL: async ({ kaon }, use) => use(kaon.url),
  newPerson: async ({ browser, kaon }, use) => {
    const contexts: Awaited<ReturnType<Browser['newContext']>>[] = [];
    await use(async () => {
      const context = await browser.newContext({ baseURL: kaon.url });
      contexts.push(context);
      return context.newPage();
    });
    for (const c of contexts) await c.close();
  },
});

export { expect };

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * The automated accessibility check (axe-core, WCAG 2.1 A/AA) on what the page shows now, in the
 * light theme and in the dark one (the app follows `prefers-color-scheme`): fails on any serious or
 * critical violation, listing each rule, why it failed and the elements, so the fix is findable.
 * Leaves the page in the colour scheme it was in. The test goes on and fails at its end (soft).
 */
export async function expectAccessible(page: Page, label: string) {
  const before = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      const nodes = v.nodes.map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`).join('\n');
      problems.push(`  [${colorScheme}] ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`);
    }
  }
  await page.emulateMedia({ colorScheme: before });
  // Soft: a walk through many screens reports every screen's problems in one run, then fails.
  expect.soft(problems.length, `Accessibility problems on ${label}:\n${problems.join('\n')}\n`).toBe(0);
}

/** First run: the owner creates their account and space from the setup screen. */
export async function setupOwner(page: Page, owner = { name: 'Olivia Owner', email: 'olivia@example.com', password: 'olivia-password', space: 'Acme Support' }) {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up Kaon' })).toBeVisible();
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('E-mail').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByLabel('Space name').fill(owner.space);
  await page.getByRole('button', { name: 'Create space' }).click();
  await expect(page.getByRole('heading', { name: 'Messages' })).toBeVisible();
  return owner;
}

/** An owner or manager creates an invite link from Settings → Members and returns it. */
export async function createInvite(page: Page, role: 'agent' | 'manager' | 'owner' = 'agent'): Promise<string> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = page.getByRole('textbox', { name: 'Invite link' });
  await expect(link).toHaveValue(/\/invite\//);
  return link.inputValue();
}

export async function acceptInvite(page: Page, link: string, person: { name: string; email: string; password: string }) {
  await page.goto(link);
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page.getByRole('heading', { name: 'Messages' })).toBeVisible();
}

/** The space's website-chat customer link, from Settings → Channels. */
export async function customerLink(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Channels' }).click();
  return page.getByRole('textbox', { name: /^Customer link/ }).inputValue();
}

/** A visitor opens the website chat and gives their name. */
export async function visitorOpens(visitor: Page, link: string, name: string) {
  await visitor.goto(link);
  await visitor.getByLabel('Your name (optional)').fill(name);
}

/** The visitor sends a message and sees it in their chat. */
export async function visitorWrites(visitor: Page, text: string) {
  await visitor.getByRole('textbox', { name: 'Message' }).fill(text);
  await visitor.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText(text)).toBeVisible();
}

/** Alice (owner) sets up "Acme Support"; each visitor, in a browser of their own, writes their message, in order. */
export async function aliceWithVisitors(page: Page, newPerson: () => Promise<Page>, visitors: ReadonlyArray<readonly [name: string, text: string]>) {
  await setupOwner(page, { name: 'Alice Owner', email: 'alice@example.com', password: 'alice-password', space: 'Acme Support' });
  const link = await customerLink(page);
  for (const [name, text] of visitors) {
    const visitor = await newPerson();
    await visitorOpens(visitor, link, name);
    await visitorWrites(visitor, text);
  }
}

/**
 * The usual cast: Alice (owner) sets up "Acme Support", Bob joins as an agent in his own browser.
 * Returns Bob's page and the website chat's customer link.
 */
export async function aliceAndBob(alice: Page, newPerson: () => Promise<Page>, bob: { name: string; email: string; password: string }) {
  await setupOwner(alice, { name: 'Alice Owner', email: 'alice@example.com', password: 'alice-password', space: 'Acme Support' });
  const invite = await createInvite(alice, 'agent');
  const link = await customerLink(alice);
  const bobPage = await newPerson();
  await acceptInvite(bobPage, invite, bob);
  return { bobPage, link };
}

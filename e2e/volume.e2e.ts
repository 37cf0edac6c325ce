import type { APIRequestContext, Page } from '@playwright/test';
import { customerLink, expect, setupOwner, test } from './fixtures';

// One machine plays every customer from one address, far faster than a person types: the chat's
// per-visitor and per-address limits (429 otherwise) are raised for these tests.
test.use({ kaonEnv: { CHAT_MESSAGES_PER_MINUTE: '100000', CHAT_MESSAGES_PER_MINUTE_PER_IP: '100000', CHAT_NEW_VISITORS_PER_HOUR_PER_IP: '100000' } });

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
const count = (page: Page, name: string) => tab(page, name).getByLabel(/conversations?$/);
const queue = (page: Page) => page.getByRole('tabpanel');
const thread = (page: Page) => page.getByRole('list', { name: 'Messages in this conversation' });

/** The website chat's key, from the customer link in Settings → Channels. */
async function channelKey(page: Page): Promise<string> {
  const link = await customerLink(page);
  await page.getByRole('link', { name: 'Messages' }).click();
  return new URL(link).pathname.split('/')[2]!;
}

/** A customer writes through the chat's own API; `visitor` keeps their cookie (one customer), none makes each send a new customer. */
async function send(baseURL: string, key: string, body: string, name: string, visitor?: APIRequestContext) {
  const data = { channelKey: key, body, name, clientId: `e2e-${Math.random().toString(36).slice(2, 12)}`, fileIds: [] };
  const res = visitor
    ? await visitor.post('/trpc/webchat.send', { data })
    : await fetch(`${baseURL}/trpc/webchat.send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
  expect(res.ok ? 200 : res.status).toBe(200);
}

test('a long conversation opens at its newest message and scrolls up to its first one', async ({ page, kaon, request }) => {
  await setupOwner(page);
  const key = await channelKey(page);
  for (let i = 1; i <= 400; i++) await send(kaon.url, key, i === 1 ? 'The very first message' : i === 400 ? 'The newest message' : `Message number ${i}`, 'Lena Long', request);

  await queue(page).getByRole('link', { name: /Lena Long/ }).click();
  await expect(thread(page).getByText('The newest message')).toBeInViewport();
  // Virtualized: the oldest is not in the page until the agent scrolls up to it.
  await expect(thread(page).getByText('The very first message')).toHaveCount(0);
  const items = thread(page).getByRole('listitem');
  expect(await items.count()).toBeLessThan(100);
  // Screen readers hear each message's place in the whole thread.
  await expect(items.last()).toHaveAttribute('aria-setsize', '400');
  // One jump to the top (the scrollbar dragged there: a single scroll event) shows the rows there, not the ones it left.
  await page.evaluate(() => (document.querySelector('.thread-scroll')!.scrollTop = 0));
  await expect(thread(page).getByText('The newest message')).not.toBeInViewport();
  // (Earlier messages may page in above meanwhile: some message, not a blank pane, is on screen.)
  await page.waitForFunction(() => {
    const list = document.querySelector('[aria-label="Messages in this conversation"]');
    const pane = list?.closest('.thread-scroll')?.getBoundingClientRect();
    return !!pane && [...list!.querySelectorAll('.bubble')].some((b) => {
      const r = b.getBoundingClientRect();
      return r.bottom > pane.top && r.top < pane.bottom && r.height > 0;
    });
  });

  await thread(page).hover();
  await expect(async () => {
    await page.mouse.wheel(0, -20_000);
    await expect(thread(page).getByText('The very first message')).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(thread(page).getByRole('separator', { name: 'New messages' })).toBeVisible();

  // Scrolled up, a new message does not pull the agent away; back at the bottom, it shows.
  await send(kaon.url, key, 'Written while the agent reads the start', 'Lena Long', request);
  await expect(thread(page).getByText('The very first message')).toBeInViewport();
  await thread(page).press('End');
  await expect(async () => {
    await page.mouse.wheel(0, 40_000);
    await expect(thread(page).getByText('Written while the agent reads the start')).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await send(kaon.url, key, 'And one more at the bottom', 'Lena Long', request);
  await expect(thread(page).getByText('And one more at the bottom')).toBeInViewport();
});

test('a thread longer than its doc holds: the newest messages open at once, earlier ones page in while scrolling up, rebased docs switch epochs and read offline after a reload', async ({ page, kaon, request }) => {
  test.setTimeout(120_000);
  await setupOwner(page);
  const key = await channelKey(page);
  for (let i = 1; i <= 1000; i++) await send(kaon.url, key, i === 1 ? 'The very first message' : i === 1000 ? 'The newest message' : `Message number ${i}`, 'Theo Thousand', request);

  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(decodeURIComponent(ws.url())));
  await queue(page).getByRole('link', { name: /Theo Thousand/ }).click();
  await expect(thread(page).getByText('The newest message')).toBeInViewport();
  // Its queue row said where the rebased doc lives: the first connection went straight there.
  const convSockets = sockets.filter((url) => url.includes('.conv.'));
  expect(convSockets.length).toBeGreaterThan(0);
  expect(convSockets.every((url) => /\.conv\.[^/?.]+\.e[1-9]\d*(\?|$)/.test(url)), convSockets.join(', ')).toBe(true);
  // The server rebased the conversation's doc to its newest items: the rest is paged in on demand.
  const older = page.getByRole('button', { name: 'Show earlier messages' });
  await expect(older).toBeAttached();
  const loaded = Number(await thread(page).getByRole('listitem').last().getAttribute('aria-setsize'));
  expect(loaded).toBeLessThan(1000);
  expect(loaded).toBeGreaterThanOrEqual(200);

  await thread(page).hover();
  await expect(async () => {
    await page.mouse.wheel(0, -20_000);
    await expect(thread(page).getByText('The very first message')).toBeInViewport({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  // Every message is there once, and nothing older is left to load.
  await expect(thread(page).getByRole('listitem').last()).toHaveAttribute('aria-setsize', '1000');
  await expect(older).toHaveCount(0);
  expect(await thread(page).getByRole('listitem').count()).toBeLessThan(100);

  // The tab holds the rebased room's copy and none of the first room.
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
  expect(databases.some((n) => /^kaon:s\.[^.]+\.conv\.[^.]+\.e[1-9]\d*$/.test(n)), databases.join(', ')).toBe(true);
  expect(databases.some((n) => /^kaon:s\.[^.]+\.conv\.[^.]+$/.test(n)), databases.join(', ')).toBe(false);

  // Live updates keep arriving on the rebased docs.
  await send(kaon.url, key, 'Still here after the rebase', 'Theo Thousand', request);
  await thread(page).press('End');
  await expect(async () => {
    await page.mouse.wheel(0, 80_000);
    await expect(thread(page).getByText('Still here after the rebase')).toBeInViewport({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // Offline, a reload reads the rebased copy this browser kept (the epoch is remembered).
  await page.context().setOffline(true);
  await page.evaluate(() => (window as unknown as { kaonSync: { disconnect(): void } }).kaonSync.disconnect());
  await expect(page.getByRole('status', { name: /^Connection:/ })).toContainText('Offline');
  await page.reload();
  await expect(page.getByRole('status', { name: /^Connection:/ })).toContainText('Offline');
  await expect(thread(page).getByText('Still here after the rebase')).toBeVisible();
  await expect(queue(page).getByRole('link', { name: /Theo Thousand/ })).toBeVisible();
  await page.context().setOffline(false);
});

test('a burst of arrivals: the counts are right, closes and assignments made meanwhile land in the right tab', async ({ page, kaon }) => {
  test.setTimeout(60_000);
  await setupOwner(page);
  const key = await channelKey(page);
  await tab(page, 'Unassigned').click();
  await send(kaon.url, key, 'First one in', 'Early Bird');
  await expect(queue(page).getByRole('link', { name: /Early Bird/ })).toBeVisible();

  await queue(page).getByRole('link', { name: /Early Bird/ }).click();
  // 200 customers at once, 12 in flight, while the agent takes one conversation; then closes another.
  const burst = (async () => {
    let next = 0;
    await Promise.all(Array.from({ length: 12 }, async () => {
      while (next < 200) {
        const i = next++;
        await send(kaon.url, key, `Burst message ${i}`, `Burst ${String(i).padStart(3, '0')}`);
      }
    }));
  })();
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByRole('menuitem', { name: 'Assign to me' }).click();
  await expect(page.getByRole('region', { name: 'Conversation' }).getByLabel('Status')).toHaveText('Assigned to Olivia Owner');
  await burst;
  await tab(page, 'All').click();
  const newest = queue(page).getByRole('link').first();
  await expect(newest).toContainText(/Burst \d{3}/);
  const closedName = (await newest.locator('strong').innerText()).trim();
  await newest.click();
  await expect(page.getByRole('region', { name: 'Conversation' }).getByRole('heading', { name: closedName })).toBeVisible();
  await page.getByRole('button', { name: 'Close conversation' }).click();
  await page.getByRole('dialog', { name: 'Close conversation' }).getByRole('button', { name: 'Close', exact: true }).click();

  await expect(count(page, 'All')).toHaveText('200');
  await expect(count(page, 'Unassigned')).toHaveText('199');
  await expect(count(page, 'Mine')).toHaveText('1');
  await expect(count(page, 'Closed')).toHaveText('1');
  await tab(page, 'Mine').click();
  await expect(queue(page).getByRole('link')).toHaveCount(1);
  await expect(queue(page).getByRole('link', { name: /Early Bird/ })).toBeVisible();
  // The newest arrival is on top of Unassigned.
  await tab(page, 'Unassigned').click();
  await expect(queue(page).getByRole('link').first()).toContainText(/Burst \d{3}/);
  await expect(queue(page).getByRole('link', { name: new RegExp(`^${closedName}`) })).toHaveCount(0);

  // Rows are recycled while scrolling: each shows one conversation, the ones it should, and focus
  // stays with the conversation it was on, not with an element that now shows another one.
  const names = () => queue(page).getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')));
  const top = await names();
  const focused = queue(page).getByRole('link').nth(2);
  const focusedName = (await focused.getAttribute('aria-label'))!;
  await focused.focus();
  await queue(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(async () => (await names()).includes(top[0]!)).toBe(false);
  const bottom = await names();
  expect(new Set(bottom).size).toBe(bottom.length);
  expect(await page.evaluate((name) => document.activeElement?.getAttribute('aria-label') === name || !document.activeElement?.closest('[role="tabpanel"]'), focusedName)).toBe(true);
  await queue(page).evaluate((el) => (el.scrollTop = 0));
  await expect.poll(names).toEqual(top);
  await expect(queue(page).getByRole('link', { name: focusedName, exact: true })).toBeFocused();

  // Offline, a reload shows the last state from the local copies.
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await page.context().setOffline(true);
  await page.reload();
  await expect(count(page, 'All')).toHaveText('200');
  await expect(count(page, 'Mine')).toHaveText('1');
  await page.context().setOffline(false);
});

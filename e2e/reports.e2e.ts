import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { acceptInvite, createInvite, customerLink, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

// SIMULATOR=1 lets the owner move Kaon's clock forward: the scripted day's gaps are known minutes.
test.use({ kaonEnv: { SIMULATOR: '1' } });

const MIN = 60_000;
const queue = (page: Page) => page.getByRole('tabpanel');
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true });
const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function advance(owner: Page, ms: number) {
  const res = await owner.request.post('/simulator/api/clock', { data: { advanceMs: ms } });
  expect(res.status()).toBe(200);
}

async function reply(page: Page, contact: string, text: string) {
  await page.getByRole('link', { name: 'Messages' }).click();
  await page.getByRole('tab', { name: /^All/ }).click();
  await queue(page).getByRole('link', { name: new RegExp(contact) }).click();
  await expect(conversation(page).getByRole('heading', { name: contact })).toBeVisible();
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(conversation(page).getByText(text)).toBeVisible();
}

/** Opens Reports on yesterday → tomorrow (Kaon's clock runs ahead of the browser's in this script). */
async function openReports(page: Page) {
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await page.getByLabel('Range', { exact: true }).selectOption({ label: 'Custom range' });
  await page.getByLabel('From', { exact: true }).fill(day(-1));
  await page.getByLabel('To', { exact: true }).fill(day(1));
}

const cells = (row: ReturnType<Page['getByRole']>) => row.getByRole('cell');

test('a manager sees the numbers of a scripted day; an agent sees only their own', async ({ page: olivia, newPerson }) => {
  // Three people and three visitors in their own browsers, on two cores.
  test.setTimeout(180_000);
  await setupOwner(olivia);
  // A new space: the empty state says what to expect.
  await olivia.getByRole('link', { name: 'Reports' }).click();
  await expect(olivia.getByRole('status').filter({ hasText: 'No conversations in these days yet' })).toBeVisible();

  const agentInvite = await createInvite(olivia, 'agent');
  const managerInvite = await createInvite(olivia, 'manager');
  const link = await customerLink(olivia);
  const alice = await newPerson();
  await acceptInvite(alice, agentInvite, { name: 'Alice Agent', email: 'alice@example.com', password: 'alice-password' });
  const maya = await newPerson();
  await acceptInvite(maya, managerInvite, { name: 'Maya Manager', email: 'maya@example.com', password: 'maya-password' });

  // The script: Vera writes, Alice answers 10 minutes later; Walt writes, Olivia answers 30
  // minutes later; Xena writes and waits; an hour on, Alice closes Vera's conversation as Resolved.
  const vera = await newPerson();
  await visitorOpens(vera, link, 'Vera Visitor');
  await visitorWrites(vera, 'My invoice is wrong');
  await advance(olivia, 10 * MIN);
  await reply(alice, 'Vera Visitor', 'Let me look into it');
  const walt = await newPerson();
  await visitorOpens(walt, link, 'Walt Visitor');
  await visitorWrites(walt, 'The app crashes');
  await advance(olivia, 30 * MIN);
  await reply(olivia, 'Walt Visitor', 'Which version do you use?');
  const xena = await newPerson();
  await visitorOpens(xena, link, 'Xena Visitor');
  await visitorWrites(xena, 'Hello?');
  await advance(olivia, 60 * MIN);
  await alice.getByRole('tab', { name: /^All/ }).click();
  await queue(alice).getByRole('link', { name: /Vera Visitor/ }).click();
  await conversation(alice).getByRole('button', { name: 'Close conversation' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Close conversation' });
  await dialog.getByLabel(/Category/).selectOption('Resolved');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(queue(alice).getByRole('link', { name: /Vera Visitor/ })).toHaveCount(0);

  // Maya, a manager, sees the team.
  await openReports(maya);
  const volume = section(maya, 'Conversations per day');
  await expect(volume.getByText('3 conversations opened · 1 closed')).toBeVisible();
  const first = section(maya, 'First response time');
  await expect(first.getByText('Median 10 min · 90th percentile 30 min · 2 conversations')).toBeVisible();
  const byAgent = first.getByRole('table', { name: 'First response time by agent' });
  await expect(cells(byAgent.getByRole('row', { name: /Alice Agent/ }))).toHaveText(['1', '10 min', '10 min']);
  await expect(cells(byAgent.getByRole('row', { name: /Olivia Owner/ }))).toHaveText(['1', '30 min', '30 min']);
  // Vera's conversation: open 10 + 30 + 60 minutes (and the seconds the script itself took).
  await expect(section(maya, 'Resolution time').getByText(/^Median 1 h 4[01] min · 90th percentile 1 h 4[01] min · 1 conversation$/)).toBeVisible();
  await expect(cells(section(maya, 'Closing-note categories').getByRole('row', { name: /Resolved/ }))).toHaveText(['1']);
  const heatmap = section(maya, 'Busiest hours').getByRole('table');
  await expect.poll(async () => (await heatmap.getByRole('cell').allTextContents()).reduce((n, t) => n + Number(t), 0)).toBe(3);
  const workload = section(maya, 'Open workload');
  await expect(cells(workload.getByRole('row', { name: /Olivia Owner/ }))).toHaveText(['1']);
  await expect(cells(workload.getByRole('row', { name: /Alice Agent/ }))).toHaveText(['0']);
  await expect(cells(workload.getByRole('row', { name: /Unassigned/ }))).toHaveText(['1']);
  await expectAccessible(maya, 'Reports');

  // The CSV holds the same numbers.
  const download = maya.waitForEvent('download');
  await volume.getByRole('button', { name: 'Download CSV: Conversations per day' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv.startsWith('day,opened,closed\r\n')).toBe(true);
  const rows = csv.trim().split('\r\n').slice(1).map((r) => r.split(','));
  expect(rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(3);
  expect(rows.reduce((n, r) => n + Number(r[2]), 0)).toBe(1);

  // One agent's numbers, and the filters are remembered across a reload.
  await maya.getByLabel('Agent', { exact: true }).selectOption({ label: 'Alice Agent' });
  await expect(volume.getByText('1 conversation opened · 1 closed')).toBeVisible();
  await maya.reload();
  await expect(maya.getByLabel('Agent', { exact: true })).toHaveValue(/.+/);
  await expect(maya.getByLabel('Range', { exact: true })).toHaveValue('custom');
  await expect(maya.getByLabel('From', { exact: true })).toHaveValue(day(-1));
  await expect(section(maya, 'Conversations per day').getByText('1 conversation opened · 1 closed')).toBeVisible();

  // Alice, an agent, sees her own numbers and no agent filter.
  await openReports(alice);
  await expect(section(alice, 'Conversations per day').getByText('1 conversation opened · 1 closed')).toBeVisible();
  await expect(section(alice, 'First response time').getByText('Median 10 min · 90th percentile 10 min · 1 conversation')).toBeVisible();
  await expect(alice.getByLabel('Agent', { exact: true })).toHaveCount(0);
  await expect(cells(section(alice, 'Open workload').getByRole('row', { name: /Alice Agent/ }))).toHaveText(['0']);
  await expect(section(alice, 'Open workload').getByRole('row', { name: /Olivia Owner/ })).toHaveCount(0);
});

import type { Page } from '@playwright/test';
import { acceptInvite, createInvite, customerLink, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

// SIMULATOR=1 lets the owner move Kaon's clock forward, so a 15-minute target passes in seconds.
test.use({ kaonEnv: { SIMULATOR: '1' } });

const MIN = 60_000;
const queue = (page: Page) => page.getByRole('tabpanel');
const row = (page: Page, name: string) => queue(page).getByRole('link', { name: new RegExp(name) });
const thread = (page: Page) => page.getByRole('list', { name: 'Messages in this conversation' });

async function advance(owner: Page, ms: number) {
  const res = await owner.request.post('/simulator/api/clock', { data: { advanceMs: ms } });
  expect(res.status()).toBe(200);
}

test('a manager sets an SLA: each row shows the time left, sorts by it, shows "Breached" once it passes, and the assignee (or the managers) are notified', async ({ page: olivia, newPerson }) => {
  test.setTimeout(150_000);
  await setupOwner(olivia);
  const managerInvite = await createInvite(olivia, 'manager');
  const agentInvite = await createInvite(olivia, 'agent');
  const link = await customerLink(olivia);
  const maya = await newPerson();
  await acceptInvite(maya, managerInvite, { name: 'Maya Manager', email: 'maya@example.com', password: 'maya-password' });
  const alice = await newPerson();
  await acceptInvite(alice, agentInvite, { name: 'Alice Agent', email: 'alice@example.com', password: 'alice-password' });

  // Walt writes before there is any policy.
  const walt = await newPerson();
  await visitorOpens(walt, link, 'Walt Visitor');
  await visitorWrites(walt, 'Do you ship to Norway?');

  // Maya adds a policy; a policy without a target is refused in words, with focus on the first target.
  await maya.getByRole('link', { name: 'Settings' }).click();
  await maya.getByRole('link', { name: 'SLAs' }).click();
  await expect(maya.getByText('No SLA policies yet. Conversations have no targets.')).toBeVisible();
  const form = maya.getByRole('form', { name: 'Add a policy' });
  await form.getByLabel('Name').fill('Standard');
  await form.getByRole('button', { name: 'Add policy' }).click();
  await expect(maya.getByRole('alert')).toHaveText('Set at least one target: first response, next response or resolution.');
  await expect(form.getByLabel('First response')).toBeFocused();
  await form.getByLabel('First response').fill('15');
  await form.getByRole('button', { name: 'Add policy' }).click();
  await expect(maya.getByRole('status').filter({ hasText: 'Added Standard.' })).toBeVisible();
  const policies = maya.getByRole('list', { name: 'SLA policies' });
  await expect(policies.getByRole('listitem')).toHaveCount(1);
  await expect(policies).toContainText('First response within 15 min');
  await expect(policies).toContainText('Every channel; every contact');
  await expectAccessible(maya, 'Settings → SLAs');

  // Alice, an agent, reads the policies but cannot change them.
  await alice.getByRole('link', { name: 'Settings' }).click();
  await alice.getByRole('link', { name: 'SLAs' }).click();
  await expect(alice.getByText('Only owners and managers can change SLA policies.')).toBeVisible();
  await expect(alice.getByRole('list', { name: 'SLA policies' })).toContainText('Standard');
  await expect(alice.getByRole('form', { name: 'Add a policy' })).toHaveCount(0);

  // Vera writes a minute later: both rows show their time left; Walt's (measured from his message) is due first.
  await advance(olivia, MIN);
  const vera = await newPerson();
  await visitorOpens(vera, link, 'Vera Visitor');
  await visitorWrites(vera, 'My parcel is late');
  await alice.getByRole('link', { name: 'Messages' }).click();
  await alice.getByRole('tab', { name: /^All/ }).click();
  await expect(row(alice, 'Vera Visitor')).toContainText(/\d+ min left$/);
  await expect(row(alice, 'Vera Visitor')).toHaveAccessibleName(/SLA First response: \d+ min left/);
  await expect(row(alice, 'Walt Visitor')).toContainText(/\d+ min left/);
  // Newest first, then by SLA due soonest (from the keyboard).
  await expect(queue(alice).getByRole('link').first()).toHaveAccessibleName(/^Vera Visitor/);
  const sort = alice.getByRole('combobox', { name: 'Sort by' });
  await sort.focus();
  await sort.selectOption({ label: 'SLA due soonest' });
  await expect(queue(alice).getByRole('link').first()).toHaveAccessibleName(/^Walt Visitor/);
  await expectAccessible(alice, 'the queue with SLA time left');

  // Alice takes Vera's conversation (no reply yet).
  await row(alice, 'Vera Visitor').click();
  await alice.getByRole('button', { name: 'Assign' }).click();
  await alice.getByRole('menuitem', { name: 'Assign to me' }).click();
  await expect(row(alice, 'Vera Visitor')).toHaveAccessibleName(/assigned to Alice Agent/);

  // 16 minutes on: both are breached; the thread says so; Alice is notified of Vera's, Maya (a manager) of Walt's (unassigned).
  await advance(olivia, 16 * MIN);
  await expect(row(alice, 'Vera Visitor')).toContainText('Breached', { timeout: 40_000 });
  await expect(row(alice, 'Vera Visitor')).toHaveAccessibleName(/SLA First response: Breached/);
  await expect(row(alice, 'Walt Visitor')).toContainText('Breached');
  await expect(thread(alice).getByText('SLA breached: First response target passed (policy “Standard”, 15 min)')).toBeVisible();
  await alice.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  const bell = alice.getByRole('dialog', { name: 'Notifications' });
  await expect(bell.getByRole('button', { name: /SLA breached on Vera Visitor/ })).toBeVisible();
  await expect(bell.getByRole('button', { name: /Walt Visitor/ })).toHaveCount(0);
  await expectAccessible(alice, 'the bell with an SLA breach');
  await maya.getByRole('button', { name: /^Notifications, \d unread$/ }).click();
  await expect(maya.getByRole('dialog', { name: 'Notifications' }).getByRole('button', { name: /SLA breached on Walt Visitor/ })).toBeVisible();

  // Alice answers: Vera's row no longer counts down (the policy has no other target).
  await alice.keyboard.press('Escape');
  await alice.getByRole('textbox', { name: 'Message' }).fill('Sorry for the wait, it is on its way');
  await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(row(alice, 'Vera Visitor')).not.toContainText('Breached');
  await expect(row(alice, 'Vera Visitor')).not.toContainText('left');

  // The breach counts in the reports: the manager's SLA attainment, drawn and in a table.
  await maya.keyboard.press('Escape');
  await maya.getByRole('link', { name: 'Reports' }).click();
  const byAgent = maya.getByRole('table', { name: 'SLA attainment by agent' });
  await expect(byAgent.getByRole('row', { name: /Alice Agent/ })).toContainText('0% (0 of 1)');
  await expect(maya.getByRole('region', { name: 'SLA attainment' }).locator('.chart canvas').first()).toBeAttached();

  // Maya edits the policy (a resolution target too), then deletes it: the rows lose their SLA.
  await maya.getByRole('link', { name: 'Settings' }).click();
  await maya.getByRole('link', { name: 'SLAs' }).click();
  // A second policy, for VIP contacts, moved first from the keyboard (the first match applies).
  await form.getByLabel('Name').fill('VIP');
  await form.getByLabel('First response').fill('5');
  await form.getByLabel(/^Contact tags/).fill('vip');
  await form.getByRole('button', { name: 'Add policy' }).click();
  await expect(policies.getByRole('listitem')).toHaveCount(2);
  await expect(policies.getByRole('listitem').nth(1)).toContainText('contacts tagged vip');
  await policies.getByRole('button', { name: 'Move VIP up' }).focus();
  await maya.keyboard.press('Enter');
  await expect(maya.getByRole('status').filter({ hasText: 'Order saved.' })).toBeVisible();
  await expect(policies.getByRole('heading', { level: 3 }).first()).toHaveText('VIP');
  await expect(policies.getByRole('button', { name: 'Move VIP down' })).toBeFocused();
  await policies.getByRole('button', { name: 'Edit Standard' }).click();
  const edit = maya.getByRole('form', { name: 'Edit Standard' });
  await expect(edit.getByLabel('Name')).toBeFocused();
  await expect(edit.getByLabel('First response')).toHaveValue('15');
  await edit.getByLabel('Resolution').fill('600');
  await edit.getByRole('button', { name: 'Save policy' }).click();
  await expect(maya.getByRole('status').filter({ hasText: 'Saved Standard.' })).toBeVisible();
  await expect(policies).toContainText('Resolution within 10 h');
  await expect(row(alice, 'Vera Visitor')).toContainText(/\d+ h( \d+ min)? left/);
  await policies.getByRole('button', { name: 'Delete Standard' }).click();
  const confirm = maya.getByRole('dialog', { name: 'Delete Standard?' });
  await confirm.getByRole('button', { name: 'Delete policy' }).click();
  await expect(maya.getByRole('status').filter({ hasText: 'Deleted Standard.' })).toBeVisible();
  await expect(policies.getByRole('listitem')).toHaveCount(1);
  await expect(policies).toContainText('VIP');
  // VIP's condition (the tag) matches neither contact.
  await expect(row(alice, 'Vera Visitor')).not.toContainText('left');
  await expect(row(alice, 'Walt Visitor')).not.toContainText('Breached');
});

import type { Page } from '@playwright/test';
import { acceptInvite, createInvite, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

async function visitorArrives(visitor: Page, link: string, name: string, text: string) {
  await visitorOpens(visitor, link, name);
  await visitorWrites(visitor, text);
}

test('a manager’s snippet and round-robin workflow: conversations are shared between two online agents live, and the snippet reaches the visitor filled', async ({ page: owner, newPerson }) => {
  await setupOwner(owner, { name: 'Olivia Owner', email: 'olivia@example.com', password: 'olivia-password', space: 'Acme Support' });
  const managerInvite = await createInvite(owner, 'manager');
  const inviteA = await createInvite(owner, 'agent');
  const inviteB = await createInvite(owner, 'agent');
  await owner.getByRole('link', { name: 'Channels' }).click();
  const link = await owner.getByRole('textbox', { name: /^Customer link/ }).inputValue();

  const manager = await newPerson();
  await acceptInvite(manager, managerInvite, { name: 'Mona Manager', email: 'mona@example.com', password: 'mona-password' });
  const alice = await newPerson();
  await acceptInvite(alice, inviteA, { name: 'Alice Agent', email: 'alice@example.com', password: 'alice-password' });
  const bob = await newPerson();
  await acceptInvite(bob, inviteB, { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password!' });

  // The manager writes a snippet.
  await manager.getByRole('link', { name: 'Snippets' }).click();
  await manager.getByRole('button', { name: 'New snippet' }).click();
  await manager.getByLabel('Name').fill('Greeting');
  await manager.getByLabel('Shortcut').fill('hi');
  await manager.getByLabel('Text').fill('Hi {{contact.firstName}}, {{agent.firstName}} here. How can I help?');
  await manager.getByRole('button', { name: 'Save snippet' }).click();
  await expect(manager.getByRole('list', { name: 'Snippets' }).getByRole('heading', { name: /Greeting/ })).toBeVisible();

  // The manager builds: when a conversation opens → round robin among Alice and Bob (online only).
  await manager.getByRole('link', { name: 'Workflows' }).click();
  await manager.getByRole('button', { name: 'New workflow' }).click();
  const editor = manager.getByRole('form', { name: 'New workflow' });
  await editor.getByLabel('Workflow name').fill('Share the queue');
  await expect(editor.getByLabel('When')).toHaveValue('conversation.opened');
  await editor.getByLabel('Add action').selectOption({ label: 'Assign by round robin' });
  const members = editor.getByRole('group', { name: 'Action 1 members' });
  await members.getByLabel('Alice Agent').check();
  await members.getByLabel('Bob Agent').check();
  await editor.getByRole('button', { name: 'Save workflow' }).click();
  const workflowList = manager.getByRole('list', { name: 'Workflows' });
  await expect(workflowList.getByRole('heading', { name: 'Share the queue' })).toBeVisible();
  // Counts in words, singular for one; the switch's label says whether it runs.
  await expect(workflowList.getByText('A conversation opens · 0 conditions · 1 action')).toBeVisible();
  await expect(workflowList.getByRole('switch', { name: 'Share the queue: on' })).toBeChecked();

  // Agents cannot open the workflow builder or the snippet editor.
  await alice.getByRole('link', { name: 'Workflows' }).click();
  await expect(alice.getByText('Only owners and managers can see and edit workflows.')).toBeVisible();
  await alice.getByRole('link', { name: 'Snippets' }).click();
  await expect(alice.getByRole('heading', { name: /Greeting/ })).toBeVisible();
  await expect(alice.getByRole('button', { name: 'New snippet' })).toHaveCount(0);
  await expect(alice.getByRole('button', { name: 'Edit Greeting' })).toHaveCount(0);
  for (const agent of [alice, bob]) await agent.getByRole('link', { name: 'Messages' }).click();

  const visitors: Page[] = [];
  for (const [name, text] of [['Vera One', 'First question'], ['Tom Two', 'Second question'], ['Mia Three', 'Third question']]) {
    const visitor = await newPerson();
    visitors.push(visitor);
    await visitorArrives(visitor, link, name!, text!);
  }
  const mine = (page: Page) => page.getByRole('tab', { name: /^Mine/ });
  await mine(alice).click();
  await mine(bob).click();
  // Three conversations, two agents, strictly alternating: 2 and 1.
  await expect(alice.getByRole('tabpanel').getByRole('link')).toHaveCount(2);
  await expect(bob.getByRole('tabpanel').getByRole('link')).toHaveCount(1);
  await expect(alice.getByRole('tabpanel').getByRole('link', { name: /Vera One/ })).toBeVisible();
  await expect(bob.getByRole('tabpanel').getByRole('link', { name: /Tom Two/ })).toBeVisible();
  await expect(alice.getByRole('tabpanel').getByRole('link', { name: /Mia Three/ })).toBeVisible();

  await alice.getByRole('tabpanel').getByRole('link', { name: /Vera One/ }).click();
  await expect(alice.getByRole('region', { name: 'Conversation' }).getByText('Workflow “Share the queue” assigned this to Alice Agent')).toBeVisible();

  // Alice answers with the snippet: the visitor gets it filled.
  const box = alice.getByRole('textbox', { name: 'Message' });
  await box.pressSequentially('/hi');
  await box.press('Enter');
  await expect(box).toHaveValue('Hi Vera, Alice here. How can I help?');
  await box.press('Enter');
  await expect(visitors[0]!.getByText('Hi Vera, Alice here. How can I help?')).toBeVisible();

  // The run log records each run.
  await manager.getByRole('button', { name: 'Run log of Share the queue' }).click();
  const log = manager.getByRole('list', { name: 'Run log' });
  await expect(log.getByRole('listitem')).toHaveCount(3);
  await expectAccessible(manager, 'a workflow with its run log');
  // It names the conversation, the contact and the member, not their ids.
  await expect(log.getByRole('listitem').filter({ hasText: 'A conversation opens' }).filter({ hasText: 'assigned this to Bob Agent' }).getByRole('link', { name: 'Conversation with Tom Two' })).toBeVisible();
  await expect(log.getByRole('link', { name: 'Conversation with Vera One' })).toBeVisible();

  // Turned off, the switch says so.
  await workflowList.getByRole('switch', { name: 'Share the queue: on' }).click();
  await expect(workflowList.getByRole('switch', { name: 'Share the queue: off' })).not.toBeChecked();
  await expect(workflowList.getByText('Off', { exact: true })).toBeVisible();
});

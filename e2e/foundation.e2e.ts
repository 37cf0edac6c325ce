import { acceptInvite, createInvite, expect, setupOwner, test } from './fixtures';

const agent = { name: 'Aaron Agent', email: 'aaron@example.com', password: 'aaron-password' };

test('owner sets up, invites an agent; the agent cannot manage members, the owner can', async ({ page, newPerson }) => {
  await setupOwner(page);
  // Every module is reachable from the rail.
  for (const name of ['Contacts', 'Snippets', 'Workflows', 'Messages']) {
    await page.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  }
  await expect(page.getByRole('status', { name: /Connection: Online/ })).toBeVisible();

  const link = await createInvite(page, 'agent');
  const agentPage = await newPerson();
  await acceptInvite(agentPage, link, agent);

  // The owner sees the new member live (SSE event), without reloading.
  await expect(page.getByRole('cell', { name: agent.email })).toBeVisible();
  // The session refresh that follows must not leave the live stream looking offline.
  await expect(page.getByRole('status', { name: 'Connection: Online' })).toBeVisible();

  await agentPage.getByRole('link', { name: 'Settings' }).click();
  await expect(agentPage.getByRole('cell', { name: 'olivia@example.com' })).toBeVisible();
  await expect(agentPage.getByText('Only owners and managers can invite, change roles or remove members.')).toBeVisible();
  await expect(agentPage.getByRole('button', { name: 'Create invite link' })).toHaveCount(0);
  await expect(agentPage.getByRole('combobox', { name: /Role of/ })).toHaveCount(0);
  await expect(agentPage.getByRole('button', { name: /Remove/ })).toHaveCount(0);
  await agentPage.getByRole('link', { name: 'API tokens' }).click();
  await expect(agentPage.getByText('Only owners and managers can manage API tokens.')).toBeVisible();
  await expect(agentPage.getByRole('button', { name: 'Create token' })).toHaveCount(0);

  // The owner can: promote the agent to manager; the agent's screen follows live.
  await page.getByRole('combobox', { name: `Role of ${agent.name}` }).selectOption('manager');
  await expect(agentPage.getByRole('button', { name: 'Create token' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: `Role of ${agent.name}` })).toHaveValue('manager');

  // The last owner cannot be demoted: the server refuses and the select snaps back.
  await page.getByRole('combobox', { name: 'Role of Olivia Owner' }).selectOption('agent');
  await expect(page.getByRole('alert')).toHaveText('This is the last owner of the space. Make someone else an owner first.');
  await expect(page.getByRole('combobox', { name: 'Role of Olivia Owner' })).toHaveValue('owner');

  // Removing the member, with a confirmation dialog; Esc cancels it and focus is back on the button.
  await page.getByRole('button', { name: `Remove ${agent.name}` }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('button', { name: `Remove ${agent.name}` })).toBeFocused();
  await page.getByRole('button', { name: `Remove ${agent.name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
  await expect(page.getByRole('cell', { name: agent.email })).toHaveCount(0);
  // The removed agent loses the space live, and after a reload too.
  await expect(agentPage.getByRole('heading', { name: 'Space not found' })).toBeVisible();
  await agentPage.goto('/');
  await expect(agentPage.getByText('You are not a member of any space yet')).toBeVisible();
});

test('setup closes for good; sign-in errors are clear; invites work once', async ({ page, newPerson }) => {
  await setupOwner(page);
  const link = await createInvite(page, 'agent');

  const visitor = await newPerson();
  await visitor.goto('/setup');
  await expect(visitor.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await visitor.getByLabel('E-mail').fill('olivia@example.com');
  await visitor.getByLabel('Password').fill('wrong-password');
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.getByRole('alert')).toHaveText('Wrong e-mail or password.');
  await visitor.getByLabel('Password').fill('olivia-password');
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.getByRole('heading', { name: 'Messages' })).toBeVisible();
  await visitor.getByRole('button', { name: 'Sign out' }).click();
  await expect(visitor.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // A reload opens from the remembered session at once, but a session the server no longer
  // knows (expired, revoked, its cookie gone) ends at the sign-in page all the same.
  await visitor.getByLabel('E-mail').fill('olivia@example.com');
  await visitor.getByLabel('Password').fill('olivia-password');
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.getByRole('heading', { name: 'Messages' })).toBeVisible();
  await visitor.context().clearCookies();
  await visitor.reload();
  await expect(visitor.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await acceptInvite(await newPerson(), link, agent);
  const late = await newPerson();
  await late.goto(link);
  await expect(late.getByRole('alert')).toHaveText('This invite link has already been used. Ask for a new one.');
});

test('an owner creates an API token, shown once, that administers the space from a script', async ({ page, request, kaon }) => {
  await setupOwner(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByLabel('Token name').fill('Import script');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByRole('textbox', { name: 'New API token' }).inputValue();
  expect(token).toMatch(/^kaon_/);
  await expect(page.getByRole('cell', { name: 'Import script', exact: true })).toBeVisible();

  const spaceId = /\/s\/([^/]+)\//.exec(page.url())![1]!;
  const input = encodeURIComponent(JSON.stringify({ spaceId }));
  const ok = await request.get(`${kaon.url}/trpc/members.list?input=${input}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect(JSON.stringify(await ok.json())).toContain('olivia@example.com');

  await page.getByRole('button', { name: 'Revoke Import script' }).click();
  await expect(page.getByRole('cell', { name: 'Import script', exact: true })).toHaveCount(0);
  const revoked = await request.get(`${kaon.url}/trpc/members.list?input=${input}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(revoked.status()).toBe(401);
});

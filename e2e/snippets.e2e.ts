import { acceptInvite, createInvite, expect, expectAccessible, setupOwner, test } from './fixtures';

test('a manager writes snippets; an agent inserts one with / and the visitor gets the filled text', async ({ page: owner, newPerson }) => {
  await setupOwner(owner, { name: 'Olivia Owner', email: 'olivia@example.com', password: 'olivia-password', space: 'Acme Support' });
  const invite = await createInvite(owner, 'agent');
  await owner.getByRole('link', { name: 'Channels' }).click();
  const link = await owner.getByRole('textbox', { name: /^Customer link/ }).inputValue();

  await owner.getByRole('link', { name: 'Snippets' }).click();
  for (const [name, shortcut, body] of [
    ['Greeting', 'hi', 'Hi {{contact.firstName}}, this is {{agent.name}} from {{space.name}}.'],
    ['Plan check', 'plan', 'You are on the {{contact.fields.plan}} plan.'],
  ]) {
    await owner.getByRole('button', { name: 'New snippet' }).click();
    const editor = owner.getByRole('form', { name: 'New snippet' });
    await editor.getByLabel('Name').fill(name!);
    await editor.getByLabel('Shortcut').fill(shortcut!);
    await editor.getByLabel('Text').fill(body!);
    await editor.getByRole('button', { name: 'Save snippet' }).click();
    if (shortcut === 'plan') {
      // The space has no "plan" contact field: saving warns, naming it, and can go ahead anyway.
      await expect(editor.getByRole('alert')).toContainText('This contact field does not exist in this space: {{contact.fields.plan}}.');
      await expect(owner.getByRole('list', { name: 'Snippets' }).getByRole('heading', { name: /Plan check/ })).toHaveCount(0);
      await editor.getByRole('button', { name: 'Save anyway' }).click();
    }
    await expect(owner.getByRole('list', { name: 'Snippets' }).getByRole('heading', { name: new RegExp(name!) })).toBeVisible();
  }
  // Files: attached with progress in the editor, listed on the snippet, removable when editing.
  await owner.getByRole('button', { name: 'Edit Greeting' }).click();
  const greeting = owner.getByRole('form', { name: 'Edit Greeting' });
  await greeting.locator('input[type=file]').setInputFiles([
    { name: 'price-list.txt', mimeType: 'text/plain', buffer: Buffer.from('Basic 10 EUR, Pro 25 EUR') },
    { name: 'opening-hours.txt', mimeType: 'text/plain', buffer: Buffer.from('Mon-Fri 9-17') },
  ]);
  await expect(greeting.getByRole('list', { name: 'Attached files' }).getByRole('listitem')).toHaveCount(2);
  await greeting.getByRole('button', { name: 'Save snippet' }).click();
  const greetingFiles = owner.getByRole('list', { name: 'Files of Greeting' });
  await expect(greetingFiles.getByRole('link')).toHaveText(['price-list.txt', 'opening-hours.txt']);
  await expectAccessible(owner, 'Snippets with files');
  await owner.getByRole('button', { name: 'Edit Greeting' }).click();
  await owner.getByRole('form', { name: 'Edit Greeting' }).getByRole('button', { name: 'Remove opening-hours.txt' }).click();
  await owner.getByRole('form', { name: 'Edit Greeting' }).getByRole('button', { name: 'Save snippet' }).click();
  await expect(greetingFiles.getByRole('link')).toHaveText(['price-list.txt']);

  // A bad variable is refused with words that name it.
  await owner.getByRole('button', { name: 'New snippet' }).click();
  await owner.getByLabel('Name').fill('Broken');
  await owner.getByLabel('Shortcut').fill('broken');
  await owner.getByLabel('Text').fill('Hello {{contact.age}}');
  await owner.getByRole('button', { name: 'Save snippet' }).click();
  await expect(owner.getByText('Unknown variable {{contact.age}}')).toBeVisible();
  await expect(owner.getByRole('status', { name: 'Connection: Online' })).toBeVisible();

  const agent = await newPerson();
  await acceptInvite(agent, invite, { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password!' });
  await agent.getByRole('link', { name: 'Snippets' }).click();
  await expect(agent.getByRole('heading', { name: /Greeting/ })).toBeVisible();
  await expect(agent.getByText('Only owners and managers can create or edit snippets.')).toBeVisible();
  await expect(agent.getByRole('button', { name: 'New snippet' })).toHaveCount(0);
  await expect(agent.getByRole('button', { name: /^Edit/ })).toHaveCount(0);

  const visitor = await newPerson();
  await visitor.goto(link);
  await visitor.getByLabel('Your name (optional)').fill('Vera Lind');
  await visitor.getByRole('textbox', { name: 'Message' }).fill('Hello?');
  await visitor.getByRole('textbox', { name: 'Message' }).press('Enter');

  await agent.getByRole('link', { name: 'Messages' }).click();
  await agent.getByRole('tabpanel').getByRole('link', { name: /Vera Lind/ }).click();
  const box = agent.getByRole('textbox', { name: 'Message' });
  await box.pressSequentially('/pl');
  await expect(agent.getByRole('listbox', { name: 'Snippets' }).getByRole('option')).toHaveCount(1);
  await expectAccessible(agent, 'the snippet picker in the composer');
  await box.press('Enter');
  await expect(box).toHaveValue('You are on the {{contact.fields.plan}} plan.');
  await expect(agent.getByRole('alert')).toContainText('Fill in {{contact.fields.plan}} before sending');
  await expect(agent.getByRole('button', { name: 'Send' })).toBeDisabled();
  await box.fill('');
  await box.pressSequentially('/h');
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  await box.press('Enter');
  await expect(box).toHaveValue('Hi Vera, this is Bob Agent from Acme Support.');
  await expect(agent.getByRole('list', { name: 'Attached files' })).toContainText('price-list.txt');
  await box.press('Enter');
  await expect(visitor.getByText('Hi Vera, this is Bob Agent from Acme Support.')).toBeVisible();
  await expect(visitor.getByRole('link', { name: /price-list\.txt/ })).toBeVisible();
  const href = await visitor.getByRole('link', { name: /price-list\.txt/ }).getAttribute('href');
  const got = await visitor.request.get(new URL(href!, link).toString());
  expect(await got.text()).toBe('Basic 10 EUR, Pro 25 EUR');
  // The same snippet again: a second message carries the same file.
  await box.pressSequentially('/hi');
  await box.press('Enter');
  await expect(agent.getByRole('list', { name: 'Attached files' })).toContainText('price-list.txt');
  await box.press('Enter');
  await expect(visitor.getByRole('link', { name: /price-list\.txt/ })).toHaveCount(2);
});

import { acceptInvite, createInvite, customerLink, expect, expectAccessible, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

const bob = { name: 'Bob Agent', email: 'bob@example.com', password: 'bob-password!' };
const mona = { name: 'Mona Manager', email: 'mona@example.com', password: 'mona-password!' };

test('a closed contact is found in Contacts with its closing note; a manager adds a contact field that the team fills live', async ({ page: olivia, newPerson }) => {
  test.setTimeout(90_000); // four people and two screens in one story
  await setupOwner(olivia);
  const agentInvite = await createInvite(olivia, 'agent');
  const managerInvite = await createInvite(olivia, 'manager');
  const link = await customerLink(olivia);
  const bobPage = await newPerson();
  await acceptInvite(bobPage, agentInvite, bob);

  // A visitor writes on the website chat.
  const visitor = await newPerson();
  await visitorOpens(visitor, link, 'Vera Visitor');
  await visitorWrites(visitor, 'Where is my parcel?');

  const walt = await newPerson();
  await visitorOpens(walt, link, 'Walt Writer');
  await visitorWrites(walt, 'Hello?');

  // Olivia closes the conversation with a closing note.
  await olivia.getByRole('link', { name: 'Messages' }).click();
  // Both conversations are listed (and sorted) before Olivia picks Vera's.
  await expect(olivia.getByRole('tabpanel').getByRole('link')).toHaveCount(2);
  await olivia.getByRole('tabpanel').getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(olivia.getByRole('region', { name: 'Conversation', exact: true }).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await olivia.getByRole('button', { name: 'Close conversation' }).click();
  const dialog = olivia.getByRole('dialog', { name: 'Close conversation' });
  await dialog.getByLabel(/Category/).selectOption('Resolved');
  await dialog.getByLabel(/Summary/).fill('Sent the tracking link');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  // Closed, it leaves the queue; the next conversation (Walt's) opens.
  await expect(olivia.getByRole('region', { name: 'Conversation', exact: true }).getByRole('heading', { name: 'Walt Writer' })).toBeVisible();
  await expect(olivia.getByRole('tabpanel').getByRole('link', { name: /Vera Visitor/ })).toHaveCount(0);

  // Bob (an agent) finds the contact in Contacts by searching, and opens it.
  await bobPage.getByRole('link', { name: 'Contacts' }).click();
  const contacts = bobPage.getByRole('region', { name: 'Contacts' });
  await bobPage.getByRole('searchbox', { name: 'Search contacts' }).fill('vera');
  await expect(contacts.getByRole('link', { name: /Vera Visitor/ })).toHaveCount(1);
  await bobPage.getByRole('searchbox', { name: 'Search contacts' }).fill('nobody-like-this');
  await expect(contacts.getByText('No contact matches this search.')).toBeVisible();
  await bobPage.getByRole('searchbox', { name: 'Search contacts' }).fill('Vera');
  await bobPage.getByRole('combobox', { name: 'Sort' }).selectOption('Recent activity');
  await contacts.getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(bobPage.getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  const history = bobPage.getByRole('list', { name: 'Conversation history' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history).toContainText('Closed by Olivia Owner');
  await expect(history).toContainText('Closing note: Resolved: Sent the tracking link');
  await expect(bobPage.getByRole('region', { name: 'Comments' })).toBeVisible();
  await history.getByRole('link', { name: 'Open conversation' }).click();
  await expect(bobPage).toHaveURL(/\/messages\/[A-Za-z0-9_-]+$/);
  await expect(bobPage.getByRole('region', { name: 'Conversation' }).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();

  // The keyboard moves through the list: j opens the next contact, k the previous one.
  await bobPage.getByRole('link', { name: 'Contacts' }).click();
  await bobPage.getByRole('combobox', { name: 'Sort' }).selectOption('Name');
  await expect(contacts.getByRole('link')).toHaveText([/Vera Visitor/, /Walt Writer/]);
  await contacts.getByRole('link', { name: /Vera Visitor/ }).click();
  await expect(bobPage.getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await bobPage.keyboard.press('j');
  await expect(bobPage.getByRole('heading', { name: 'Walt Writer' })).toBeVisible();
  await expect(bobPage.getByRole('list', { name: 'Conversation history' })).toContainText('Open');
  await bobPage.keyboard.press('k');
  await expect(bobPage.getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();

  // A new customer writes while Bob looks at Contacts: the list shows them without a reload.
  const xena = await newPerson();
  await visitorOpens(xena, link, 'Xena Newcomer');
  await visitorWrites(xena, 'Hi there');
  await expect(contacts.getByRole('link')).toHaveText([/Vera Visitor/, /Walt Writer/, /Xena Newcomer/]);

  // Agents see contact fields read-only.
  await bobPage.getByRole('link', { name: 'Settings' }).click();
  await bobPage.getByRole('link', { name: 'Contact fields' }).click();
  await expect(bobPage.getByText('Only owners and managers can change contact fields.')).toBeVisible();
  await expect(bobPage.getByRole('button', { name: 'Add field' })).toHaveCount(0);

  // Mona (a manager) adds a custom field, renames it; a bad key is explained.
  const monaPage = await newPerson();
  await acceptInvite(monaPage, managerInvite, mona);
  await monaPage.getByRole('link', { name: 'Settings' }).click();
  await monaPage.getByRole('link', { name: 'Contact fields' }).click();
  await monaPage.getByLabel('Key').fill('Customer ID');
  await monaPage.getByLabel('Label', { exact: true }).fill('Customer ID');
  await monaPage.getByRole('button', { name: 'Add field' }).click();
  await expect(monaPage.getByText('Use lowercase letters, digits and _ (start with a letter)')).toBeVisible();
  await monaPage.getByLabel('Key').fill('customer_id');
  await monaPage.getByRole('button', { name: 'Add field' }).click();
  const fields = monaPage.getByRole('list', { name: 'Contact fields' });
  await expect(fields.getByRole('textbox', { name: 'Label of customer_id' })).toHaveValue('Customer ID');
  // Bob's list shows it live (the server announces the change).
  await expect(bobPage.getByRole('list', { name: 'Contact fields' })).toContainText('Customer ID');
  // A second field, moved up from the keyboard: the focus stays on the field that moved.
  await monaPage.getByLabel('Key').fill('plan');
  await monaPage.getByLabel('Label', { exact: true }).fill('Plan');
  await monaPage.getByRole('button', { name: 'Add field' }).click();
  await monaPage.getByRole('button', { name: 'Move Plan up' }).focus();
  await monaPage.keyboard.press('Enter');
  await expect(fields.getByRole('listitem').locator('code')).toHaveText(['plan', 'customer_id']);
  await expect(monaPage.getByRole('button', { name: 'Move Plan down' })).toBeFocused();
  await expectAccessible(monaPage, 'Settings → Contact fields with two fields');
  await expect(bobPage.getByRole('list', { name: 'Contact fields' }).getByRole('listitem')).toHaveText([/Plan/, /Customer ID/]);

  // On the contact page the profile is live: Mona fills the new field and the company, Bob sees
  // both, finds Vera by her company (projected into search), and they talk in comments there.
  await monaPage.getByRole('link', { name: 'Contacts' }).click();
  await monaPage.getByRole('region', { name: 'Contacts' }).getByRole('link', { name: /Vera Visitor/ }).click();
  const monaProfile = monaPage.getByRole('region', { name: 'Profile' });
  await monaProfile.getByLabel('Customer ID').fill('C-42');
  await monaProfile.getByLabel('Customer ID').press('Enter');
  await monaProfile.getByLabel('Company').fill('Lindqvist Bikes');
  await monaProfile.getByLabel('Company').press('Enter');
  await bobPage.getByRole('link', { name: 'Contacts' }).click();
  await bobPage.getByRole('searchbox', { name: 'Search contacts' }).fill('Lindqvist');
  await expect(contacts.getByRole('link')).toHaveText([/Vera Visitor/]);
  await contacts.getByRole('link', { name: /Vera Visitor/ }).click();
  const bobProfile = bobPage.getByRole('region', { name: 'Profile' });
  await expect(bobProfile.getByLabel('Customer ID')).toHaveValue('C-42');
  await expect(bobProfile.getByLabel('Company')).toHaveValue('Lindqvist Bikes');
  await bobPage.getByRole('combobox', { name: 'Comment' }).fill('She asked about a refund last week.');
  await bobPage.getByRole('combobox', { name: 'Comment' }).press('Enter');
  await expect(monaPage.getByRole('list', { name: 'Comments' })).toContainText('She asked about a refund last week.');
});

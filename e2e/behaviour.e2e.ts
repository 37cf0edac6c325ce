import type { Page } from '@playwright/test';
import { aliceWithVisitors, expect, test } from './fixtures';

const queue = (page: Page) => page.getByRole('tabpanel');
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true });

test('after Close the next conversation of the queue opens and its row has focus', async ({ page: alice, newPerson }) => {
  await aliceWithVisitors(alice, newPerson, [
    ['Vera Visitor', 'Where is my parcel?'],
    ['Walt Visitor', 'Can I change my address?'],
  ]);

  await alice.getByRole('link', { name: 'Messages' }).click();
  // Newest first: Walt, then Vera.
  await expect(queue(alice).getByRole('link')).toHaveCount(2);
  await queue(alice).getByRole('link', { name: /Walt Visitor/ }).click();
  await expect(conversation(alice).getByRole('heading', { name: 'Walt Visitor' })).toBeVisible();
  await conversation(alice).getByRole('button', { name: 'Close conversation' }).click();
  await alice.getByRole('dialog', { name: 'Close conversation' }).getByRole('button', { name: 'Close', exact: true }).click();

  await expect(conversation(alice).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expect(conversation(alice).getByText('Where is my parcel?')).toBeVisible();
  const vera = queue(alice).getByRole('link', { name: /Vera Visitor/ });
  await expect(vera).toHaveAttribute('aria-current', /^(true|page)$/);
  await expect(vera).toBeFocused();
  await expect(queue(alice).getByRole('link')).toHaveCount(1);
});

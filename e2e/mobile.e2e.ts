import type { Page } from '@playwright/test';
import { customerLink, expect, setupOwner, test, visitorOpens, visitorWrites } from './fixtures';

// A phone: below ~900 px the Messages panes stack one at a time (shared/UI.md).
test.use({ viewport: { width: 390, height: 844 } });

const queuePane = (page: Page) => page.getByRole('region', { name: 'Conversations' });
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true });
const panel = (page: Page) => page.getByRole('complementary', { name: 'Contact' });
const status = (page: Page) => conversation(page).getByLabel('Status');

/** The page itself never scrolls: each pane fits the screen and scrolls inside. */
async function fitsTheScreen(page: Page) {
  const { scroll, height } = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, height: window.innerHeight }));
  expect(scroll).toBeLessThanOrEqual(height);
}

test('on a phone: queue → conversation → contact panel one at a time, reply, assign and close', async ({ page: agent, newPerson }) => {
  await setupOwner(agent, { name: 'Alice Owner', email: 'alice@example.com', password: 'alice-password', space: 'Acme Support' });
  const link = await customerLink(agent);

  // The visitor on a 360 px phone has a message box as wide as the screen allows, Send beside it.
  const visitor = await newPerson();
  await visitor.setViewportSize({ width: 360, height: 640 });
  await visitorOpens(visitor, link, 'Vera Visitor');
  const box = await visitor.getByRole('textbox', { name: 'Message' }).boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(300);
  await expect(visitor.getByRole('button', { name: 'Send' })).toBeInViewport();
  await visitorWrites(visitor, 'Hello from my phone');

  // The rail is a compact bar on top.
  const rail = agent.getByRole('navigation', { name: 'Main' });
  await rail.getByRole('link', { name: 'Messages' }).click();
  expect((await rail.boundingBox())!.height).toBeLessThan(120);
  await expect(agent.getByRole('status', { name: /^Connection:/ })).toBeInViewport({ ratio: 1 });

  // First the queue alone.
  await expect(queuePane(agent)).toBeVisible();
  await expect(panel(agent)).toBeHidden();
  await fitsTheScreen(agent);
  await queuePane(agent).getByRole('link', { name: /Vera Visitor/ }).click();

  // Then the conversation alone, its composer on screen.
  await expect(conversation(agent).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expect(queuePane(agent)).toBeHidden();
  await expect(panel(agent)).toBeHidden();
  const composer = agent.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeInViewport();
  await fitsTheScreen(agent);

  // Reply: it is Alice's now, and the visitor reads it.
  await composer.fill('Hi Vera, on it.');
  await composer.press('Enter');
  await expect(status(agent)).toHaveText('Assigned to Alice Owner');
  await expect(visitor.getByRole('list', { name: 'Messages' }).getByText('Hi Vera, on it.')).toBeVisible();

  // Assign: unassign, then take it back, from a menu that fits the screen.
  await conversation(agent).getByRole('button', { name: 'Assign' }).click();
  await expect(agent.getByRole('menu', { name: 'Assign conversation' })).toBeInViewport({ ratio: 1 });
  await agent.getByRole('menuitem', { name: 'Unassign' }).click();
  await expect(status(agent)).toHaveText('Unassigned');
  await conversation(agent).getByRole('button', { name: 'Assign' }).click();
  await agent.getByRole('menuitem', { name: 'Assign to me' }).click();
  await expect(status(agent)).toHaveText('Assigned to Alice Owner');

  // The contact panel, alone, and back.
  await conversation(agent).getByRole('button', { name: 'Contact details' }).click();
  await expect(panel(agent).getByRole('heading', { name: 'Vera Visitor' })).toBeVisible();
  await expect(panel(agent).getByText('Alice Owner')).toBeVisible();
  await expect(conversation(agent)).toBeHidden();
  await fitsTheScreen(agent);
  await panel(agent).getByRole('button', { name: 'Back to conversation' }).click();
  await expect(composer).toBeInViewport();

  // Close, with the closing-note dialog on screen.
  await conversation(agent).getByRole('button', { name: 'Close conversation' }).click();
  const dialog = agent.getByRole('dialog', { name: 'Close conversation' });
  await expect(dialog).toBeInViewport({ ratio: 1 });
  await dialog.getByLabel(/Summary/).fill('Answered on the go');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(status(agent)).toHaveText('Closed');
  await expect(conversation(agent).getByText('Closed by Alice Owner — Answered on the go')).toBeVisible();

  // Back to the queue: the conversation has left it.
  await conversation(agent).getByRole('button', { name: 'Back to conversations' }).click();
  await expect(queuePane(agent)).toBeVisible();
  await expect(conversation(agent)).toBeHidden();
  await expect(agent.getByRole('tab', { name: /^All/ })).toContainText('0');
});

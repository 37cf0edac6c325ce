import { afterAll, beforeAll, expect, it } from 'vitest';
import { ok } from '../testing/harness';
import { eventually, startChannelWorld, type ChannelWorld } from '../testing/channels';
import type { TelegramUser } from '../fakes/telegram';

/** A workflow's message on a provider channel goes out through the durable outbox, like an agent's reply. */
let w: ChannelWorld;
beforeAll(async () => {
  w = await startChannelWorld();
});
afterAll(() => w.close());

it('a welcome text from a workflow reaches the Telegram customer', async () => {
  ok(
    await w.owner.browser.mutate('workflows.save', {
      spaceId: w.spaceId,
      name: 'Welcome',
      enabled: true,
      definition: { trigger: 'conversation.opened', conditions: [], actions: [{ kind: 'sendText', text: 'Thanks for writing to {{space.name}}!' }] },
    }),
  );
  const user: TelegramUser = { id: 777_001, firstName: 'Ana', lastName: 'Silva' };
  await w.tg.customer.sendText(user, 'hello');
  const sent = await eventually('the workflow text to reach Telegram', () => w.tg.sent.find((s) => s.chatId === String(user.id)));
  expect(JSON.stringify(sent)).toContain('Thanks for writing to');
  const row = w.app.kaon.deps.db.prepare("SELECT status FROM messages WHERE direction = 'out' AND body LIKE 'Thanks for writing%'").get() as { status: string };
  await eventually('the message to be marked sent', () => (w.app.kaon.deps.db.prepare("SELECT status FROM messages WHERE direction = 'out' AND body LIKE 'Thanks for writing%'").get() as { status: string }).status === 'sent');
  expect(['pending', 'sent']).toContain(row.status);
});

import { createResource, type Accessor } from 'solid-js';
import { errorText, trpc } from '../api/trpc';
import { createMutation } from './mutation';
import { useSpace } from './space';

export type WebhookView = Awaited<ReturnType<typeof trpc.webhooks.list.query>>[number];
export type DeliveryView = Awaited<ReturnType<typeof trpc.webhooks.deliveries.query>>[number];
type CreateInput = Omit<Parameters<typeof trpc.webhooks.create.mutate>[0], 'spaceId'>;

/**
 * The space's outgoing webhooks (never their secrets: a secret comes back once, from `add` and
 * `rotateSecret`), refetched when they or their deliveries change; every change says what happened.
 */
export function createWebhooks() {
  const space = useSpace();
  const spaceId = () => space.spaceId();
  const [list, { refetch }] = createResource(
    () => ({ spaceId: spaceId(), v: space.version('webhooks.changed'), d: space.version('webhookDeliveries.changed') }),
    ({ spaceId }) => trpc.webhooks.list.query({ spaceId }),
  );
  const mutation = createMutation({ after: refetch, perField: 'as well' });
  return {
    list,
    mutation,
    /** Resolves to the new webhook's signing secret, or null when it was refused (the form says why). */
    async add(input: CreateInput): Promise<string | null> {
      let secret: string | null = null;
      await mutation.run(async () => {
        secret = (await trpc.webhooks.create.mutate({ spaceId: spaceId(), ...input })).secret;
      }, 'Webhook added. Copy its signing secret now: it is shown only once.');
      return secret;
    },
    setEnabled: (webhookId: string, enabled: boolean, name: string) =>
      mutation.run(() => trpc.webhooks.setEnabled.mutate({ spaceId: spaceId(), webhookId, enabled }), enabled ? `${name} enabled.` : `${name} disabled: nothing is sent to it until you enable it again.`),
    remove: (webhookId: string, name: string) => mutation.run(() => trpc.webhooks.delete.mutate({ spaceId: spaceId(), webhookId }), `${name} deleted.`),
    async rotateSecret(webhookId: string): Promise<string | null> {
      let secret: string | null = null;
      await mutation.run(async () => {
        secret = (await trpc.webhooks.rotateSecret.mutate({ spaceId: spaceId(), webhookId })).secret;
      }, 'New signing secret made. Copy it now: it is shown only once, and deliveries are signed with it from now on.');
      return secret;
    },
    /** Says what was done (after an edit) and refetches the list. */
    announce: (done: string) => mutation.run(async () => {}, done),
    /** Sends a test event and says how it went, in words ("Delivered in 120 ms (200)"). */
    async sendTest(webhookId: string): Promise<{ ok: boolean; text: string }> {
      try {
        const result = await trpc.webhooks.sendTest.mutate({ spaceId: spaceId(), webhookId });
        return { ok: result.ok, text: result.text };
      } catch (err) {
        return { ok: false, text: errorText(err) };
      } finally {
        void refetch();
      }
    },
  };
}

type UpdateInput = Omit<Parameters<typeof trpc.webhooks.update.mutate>[0], 'spaceId' | 'webhookId'>;

/** Editing one webhook: refusals per field too. */
export function createWebhookEdit() {
  const space = useSpace();
  const mutation = createMutation({ perField: 'as well' });
  return {
    mutation,
    save: (webhookId: string, input: UpdateInput) => mutation.run(() => trpc.webhooks.update.mutate({ spaceId: space.spaceId(), webhookId, ...input })),
  };
}

/** One webhook's delivery log (newest first), live while it is shown. */
export function createWebhookDeliveries(webhookId: Accessor<string>) {
  const space = useSpace();
  const [log] = createResource(
    () => ({ spaceId: space.spaceId(), webhookId: webhookId(), d: space.version('webhookDeliveries.changed') }),
    ({ spaceId, webhookId }) => trpc.webhooks.deliveries.query({ spaceId, webhookId, limit: 50 }),
  );
  return log;
}

import type { IncomingMessage } from 'node:http';
import { deliveryOutcome, type WebhookEvent } from '../../shared/domain/webhooks';
import { webhookCreateInput, webhookDeliveriesInput, webhookEnabledInput, webhookIdInput, webhookUpdateInput } from '../../shared/schemas/webhooksSchema';
import { createWebhook } from '../commands/createWebhook';
import { deleteWebhook } from '../commands/deleteWebhook';
import { rotateWebhookSecret } from '../commands/rotateWebhookSecret';
import { updateWebhook } from '../commands/updateWebhook';
import type { Db } from '../db/connection';
import { deliveries, webhooks, type DeliveryRow, type WebhookRow } from '../db/webhooks';
import type { Deps } from '../deps';
import { errors } from '../errors';
import { allowed, router } from '../trpc/init';
import { addressRefusal } from '../webhooks/send';
import { sendTestDelivery } from '../webhooks/testDelivery';
import { policyOf } from '../webhooks/worker';

/** Kaon as the admin reached it (Host header, listening port) and as PUBLIC_URL says: never a receiver. */
function policyFor(ctx: Deps & { req: IncomingMessage }) {
  const host = ctx.req.headers?.host;
  return policyOf(ctx, { selfOrigins: host ? [`http://${host}`, `https://${host}`] : [], selfPort: ctx.req.socket?.localPort });
}

/** Refuses an address Kaon will not send to, on the `url` field, in words ("… is a private address …"). */
async function checkAddress(ctx: Deps & { req: IncomingMessage }, url: string): Promise<void> {
  const refusal = await addressRefusal(new URL(url), policyFor(ctx));
  if (refusal) throw errors.badField('url', refusal);
}

function deliveryView(d: DeliveryRow) {
  const view = {
    id: d.id,
    eventType: d.event_type,
    test: d.test === 1,
    state: d.state,
    attempts: d.attempts,
    statusCode: d.status_code,
    responseMs: d.response_ms,
    lastError: d.last_error,
    createdAt: d.created_at,
    finishedAt: d.finished_at,
    /** Wall-clock ms of the next attempt, for pending ones (0 = now). */
    nextAttemptAt: d.state === 'pending' ? d.next_attempt_at : null,
  };
  return { ...view, outcome: deliveryOutcome(view) };
}

/** What lists show: never the secret. */
function view(db: Db, w: WebhookRow) {
  const last = deliveries.log(db, w.id, 1)[0];
  return {
    id: w.id,
    url: w.url,
    description: w.description,
    events: JSON.parse(w.events) as WebhookEvent[],
    enabled: w.enabled === 1,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    pending: deliveries.pendingCount(db, w.id),
    lastDelivery: last ? deliveryView(last) : null,
  };
}

const found = (db: Db, spaceId: string, webhookId: string) => {
  const w = webhooks.inSpace(db, spaceId, webhookId);
  if (!w) throw errors.notFound('This webhook');
  return w;
};

export const webhooksRouter = router({
  list: allowed('webhooks.manage').query(({ ctx }) => webhooks.list(ctx.db, ctx.spaceId).map((w) => view(ctx.db, w))),
  /** The signing secret is in this answer and in rotateSecret's, nowhere else. */
  create: allowed('webhooks.manage')
    .input(webhookCreateInput)
    .mutation(async ({ ctx, input }) => {
      await checkAddress(ctx, input.url);
      const { id, secret } = createWebhook(ctx, { spaceId: ctx.spaceId, userId: ctx.user.id, url: input.url, events: input.events, description: input.description });
      return { ...view(ctx.db, found(ctx.db, ctx.spaceId, id)), secret };
    }),
  update: allowed('webhooks.manage')
    .input(webhookUpdateInput)
    .mutation(async ({ ctx, input }) => {
      found(ctx.db, ctx.spaceId, input.webhookId);
      await checkAddress(ctx, input.url);
      updateWebhook(ctx, { spaceId: ctx.spaceId, webhookId: input.webhookId, url: input.url, events: input.events, description: input.description, enabled: input.enabled });
      return view(ctx.db, found(ctx.db, ctx.spaceId, input.webhookId));
    }),
  setEnabled: allowed('webhooks.manage')
    .input(webhookEnabledInput)
    .mutation(({ ctx, input }) => {
      updateWebhook(ctx, { spaceId: ctx.spaceId, webhookId: input.webhookId, enabled: input.enabled });
      return view(ctx.db, found(ctx.db, ctx.spaceId, input.webhookId));
    }),
  delete: allowed('webhooks.manage')
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => {
      deleteWebhook(ctx, { spaceId: ctx.spaceId, webhookId: input.webhookId });
      return { ok: true };
    }),
  rotateSecret: allowed('webhooks.manage')
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx, { spaceId: ctx.spaceId, webhookId: input.webhookId })),
  /** Sends a `webhook.test` event now and answers in words; only this request waits for the receiver. */
  sendTest: allowed('webhooks.manage')
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => sendTestDelivery(ctx, found(ctx.db, ctx.spaceId, input.webhookId), policyFor(ctx))),
  /** The delivery log, newest first (the last 100 finished deliveries and any still waiting). */
  deliveries: allowed('webhooks.manage')
    .input(webhookDeliveriesInput)
    .query(({ ctx, input }) => {
      found(ctx.db, ctx.spaceId, input.webhookId);
      return deliveries.log(ctx.db, input.webhookId, input.limit).map(deliveryView);
    }),
});

import { TEST_EVENT } from '../../shared/domain/webhooks';
import { transact } from '../conversations/transaction';
import { newId } from '../db/ids';
import { deliveries, webhooks, type WebhookRow } from '../db/webhooks';
import type { Deps } from '../deps';
import type { AddressPolicy } from './addressPolicy';
import { payloadJson } from './enqueue';
import { postDelivery } from './send';
import { deliveryHeaders } from './worker';

/** What "Send test" answers, in words: "Delivered in 120 ms (200)", "The receiver answered 500", "No answer within 10 s". */
export interface TestResult {
  ok: boolean;
  statusCode: number | null;
  ms: number | null;
  text: string;
}

/**
 * Sends a `webhook.test` event to the webhook now (not through the queue, and never retried)
 * and writes the attempt into its delivery log. Only this request waits for the receiver.
 */
export async function sendTestDelivery(deps: Deps, webhook: WebhookRow, policy: AddressPolicy, wall: () => number = Date.now): Promise<TestResult> {
  const id = newId();
  const payload = payloadJson({
    id: newId(),
    type: TEST_EVENT,
    createdAt: new Date(deps.now()).toISOString(),
    spaceId: webhook.space_id,
    data: { webhook: { id: webhook.id, url: webhook.url }, message: 'This is a test delivery from Kaon. Your receiver can answer it with any 2xx status.' },
  });
  const outcome = await postDelivery({
    url: webhook.url,
    body: payload,
    headers: deliveryHeaders(webhook.secret, { id, event_type: TEST_EVENT, payload }, 1, wall()),
    timeoutMs: deps.config.webhookTimeoutMs,
    policy,
  });
  const result: TestResult = outcome.ok
    ? { ok: true, statusCode: outcome.statusCode, ms: outcome.ms, text: `Delivered in ${outcome.ms} ms (${outcome.statusCode})` }
    : { ok: false, statusCode: outcome.statusCode, ms: outcome.ms, text: outcome.error };
  if (!deps.db.open) return result;
  transact(deps, (tx) => {
    // The webhook may have been deleted while the receiver was thinking.
    if (!webhooks.byId(tx.db, webhook.id)) return;
    deliveries.insert(tx.db, {
      id,
      webhook_id: webhook.id,
      space_id: webhook.space_id,
      event_id: id,
      event_type: TEST_EVENT,
      payload,
      state: outcome.ok ? 'delivered' : 'failed',
      attempts: 1,
      status_code: outcome.statusCode,
      response_ms: outcome.ms,
      last_error: outcome.ok ? null : outcome.error,
      test: 1,
      created_at: tx.now,
      finished_at: tx.now,
    });
    deliveries.prune(tx.db, webhook.id);
    tx.emit(webhook.space_id, { type: 'webhookDeliveries.changed', webhookId: webhook.id });
  });
  return result;
}

import { MESSAGE_LIMITS } from '../../shared/domain/messageLimits';
import { PROVIDER_LABELS, type ProviderKind } from '../../shared/domain/providers';
import type { BlobStore } from '../attachments/BlobStore';
import { receiveMessage } from '../commands/receiveMessage';
import { recordWebhookDelivery } from '../commands/recordWebhookDelivery';
import { updateDeliveryStatus } from '../commands/updateDeliveryStatus';
import { clientKey, messages } from '../db/conversations';
import { webhookEvents } from '../db/outbox';
import { dropUnattachedFile, type ProviderChannelRow } from '../db/providerChannels';
import type { Deps } from '../deps';
import { saveInboundMedia } from './media';
import { MediaFailure, type InboundEvent, type ParsedWebhook, type ProviderConnection } from './adapterTypes';

type MessageEvent = Extract<InboundEvent, { type: 'message' }>;

/** Media first (slow, outside any transaction), then one receiveMessage per message. */
async function applyMessage(deps: Deps, store: BlobStore, conn: ProviderConnection, channel: ProviderChannelRow, event: MessageEvent, signal: AbortSignal) {
  // A replay of a stored message is acknowledged without downloading its media again.
  if (messages.byClientId(deps.db, channel.space_id, clientKey('in', `${channel.id}/${event.externalId}`, event.key))) return;
  const fileIds: string[] = [];
  const notes: string[] = [];
  for (const ref of event.media) {
    try {
      fileIds.push(await saveInboundMedia(deps, store, conn, channel, event.externalId, ref, signal));
    } catch (err) {
      // Transient: the provider retries the webhook (503). Permanent: keep the message, say what is missing.
      if (!(err instanceof MediaFailure) || err.transient) throw err;
      notes.push(`⚠️ ${ref.name ?? 'A file'} could not be downloaded from ${PROVIDER_LABELS[channel.kind as ProviderKind] ?? channel.kind}: ${err.message}.`);
    }
  }
  let body = [event.body, ...notes].filter((s) => s.trim()).join('\n');
  if (!body && !fileIds.length) body = '(empty message)';
  const result = receiveMessage(deps, {
    channel,
    externalId: event.externalId,
    name: event.name?.slice(0, MESSAGE_LIMITS.visitorNameMax),
    body: body.slice(0, MESSAGE_LIMITS.bodyMax),
    fileIds,
    clientId: event.key,
    sentAt: event.sentAt,
  });
  // Two concurrent deliveries of one message: the loser's downloads are not referenced.
  if (result.duplicate) deps.db.transaction(() => fileIds.forEach((id) => dropUnattachedFile(deps.db, id)))();
}

/**
 * Applies a verified, parsed webhook: messages (with media), delivery statuses, ignored events
 * (logged). Resolves once everything is committed — only then does the webhook answer 200.
 * Throws a transient MediaFailure when media could not be fetched yet.
 */
export async function applyWebhook(
  deps: Deps,
  store: BlobStore,
  conn: ProviderConnection,
  channel: ProviderChannelRow,
  parsed: ParsedWebhook,
  signal: AbortSignal,
  log: (line: string) => void,
) {
  if (parsed.deliveryKey && webhookEvents.seen(deps.db, channel.id, parsed.deliveryKey)) return;
  for (const event of parsed.events) {
    if (event.type === 'message') await applyMessage(deps, store, conn, channel, event, signal);
    else if (event.type === 'status') updateDeliveryStatus(deps, { spaceId: channel.space_id, channelId: channel.id, ...event });
    else log(`[webhooks] ${channel.kind} ${channel.id}: ignored ${event.what}`);
  }
  recordWebhookDelivery(deps, { channelId: channel.id, deliveryKey: parsed.deliveryKey });
}

import { adapterFor } from './registry';
import { SendFailure, type ProviderEnv } from './adapterTypes';
import { providerChannels } from '../db/providerChannels';
import { errors } from '../errors';
import type { TxDeps } from '../conversations/transaction';

/**
 * Checks a channel's credentials with its provider and registers Kaon's webhook where the
 * provider allows it (Telegram setWebhook with the channel's secret token). What the provider
 * tells (bot username, display number) is kept for the channel list.
 */
export async function connectChannel(deps: TxDeps & { config: ProviderEnv }, input: { spaceId: string; channelId: string; publicUrl: string }) {
  const channel = providerChannels.inSpace(deps.db, input.spaceId, input.channelId);
  const adapter = channel && adapterFor(channel.kind);
  if (!channel || !adapter) throw errors.notFound('This channel');
  const webhookUrl = new URL(`/webhooks/${channel.kind}/${channel.id}`, input.publicUrl).toString();
  let result: Awaited<ReturnType<ReturnType<typeof adapter.open>['connect']>>;
  try {
    // Each provider call has its own timeout (and says so in words); this only bounds a check of
    // several calls (WhatsApp: the number, then its business account).
    result = await adapter.open(channel, deps.config).connect(webhookUrl, AbortSignal.timeout(deps.config.providerTimeoutMs * 3));
  } catch (err) {
    if (err instanceof SendFailure) throw errors.badRequest(err.reason);
    throw err;
  }
  if (result.config) {
    const patch = result.config;
    deps.db.transaction(() => {
      const current = providerChannels.inSpace(deps.db, input.spaceId, input.channelId);
      if (current) providerChannels.update(deps.db, current.id, { name: current.name, config: JSON.stringify({ ...JSON.parse(current.config), ...patch }), secrets: current.secrets });
    })();
    deps.events.publish(input.spaceId, { type: 'channels.changed' });
  }
  return { detail: result.detail, webhookUrl };
}

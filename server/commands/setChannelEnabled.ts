import { outbox } from '../db/outbox';
import { providerChannels } from '../db/providerChannels';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * Disables (or enables again) a channel: a disabled provider channel acknowledges and ignores its
 * webhooks and refuses replies; queued replies wait until it is enabled.
 */
export function setChannelEnabled(deps: CommandDeps, input: { spaceId: string; channelId: string; enabled: boolean }) {
  deps.db.transaction(() => {
    if (!providerChannels.inSpace(deps.db, input.spaceId, input.channelId)) throw errors.notFound('This channel');
    providerChannels.setEnabled(deps.db, input.channelId, input.enabled);
    if (input.enabled) outbox.wakeChannel(deps.db, input.channelId);
  })();
  deps.events.publish(input.spaceId, { type: 'channels.changed' });
}

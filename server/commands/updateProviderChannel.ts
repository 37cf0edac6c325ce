import { providerChannels } from '../db/providerChannels';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/**
 * Edits a channel's name and settings. Config keys given replace the stored ones; secrets left
 * out are kept (the admin's form never holds them), secrets given replace them.
 */
export function updateProviderChannel(
  deps: CommandDeps,
  input: { spaceId: string; channelId: string; kind: string; name: string; config: Record<string, unknown>; secrets: Record<string, string | undefined> },
) {
  deps.db.transaction(() => {
    const channel = providerChannels.inSpace(deps.db, input.spaceId, input.channelId);
    if (!channel || channel.kind !== input.kind) throw errors.notFound('This channel');
    const given = Object.fromEntries(Object.entries(input.secrets).filter(([, v]) => v !== undefined));
    providerChannels.update(deps.db, channel.id, {
      name: input.name,
      config: JSON.stringify({ ...JSON.parse(channel.config), ...input.config }),
      secrets: JSON.stringify({ ...JSON.parse(channel.secrets), ...given }),
    });
  })();
  deps.events.publish(input.spaceId, { type: 'channels.changed' });
}

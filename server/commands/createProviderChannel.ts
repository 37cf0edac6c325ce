import type { ProviderKind } from '../../shared/domain/providers';
import { newId } from '../db/ids';
import { providerChannels } from '../db/providerChannels';
import type { CommandDeps } from './commandDeps';

/** An owner or manager adds a WhatsApp or Telegram channel; its secrets stay in SQLite, server-side. */
export function createProviderChannel(
  deps: CommandDeps,
  input: { spaceId: string; kind: ProviderKind; name: string; config: Record<string, unknown>; secrets: Record<string, string> },
) {
  const row = { id: newId(), space_id: input.spaceId, kind: input.kind, name: input.name, config: JSON.stringify(input.config), secrets: JSON.stringify(input.secrets), created_at: deps.now() };
  deps.db.transaction(() => providerChannels.insert(deps.db, row))();
  deps.events.publish(input.spaceId, { type: 'channels.changed' });
  return row;
}

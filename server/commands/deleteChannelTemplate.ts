import { channelTemplates } from '../db/channelTemplates';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

/** Removes a template from the picker; messages already sent with it keep their text. */
export function deleteChannelTemplate(deps: CommandDeps, input: { spaceId: string; templateId: string }) {
  deps.db.transaction(() => {
    if (!channelTemplates.inSpace(deps.db, input.spaceId, input.templateId)) throw errors.notFound('This template');
    channelTemplates.remove(deps.db, input.templateId);
  })();
  deps.events.publish(input.spaceId, { type: 'channels.changed' });
}

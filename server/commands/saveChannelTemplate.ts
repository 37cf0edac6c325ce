import { channelTemplates, type TemplateRow } from '../db/channelTemplates';
import { newId } from '../db/ids';
import { providerChannels } from '../db/providerChannels';
import { errors } from '../errors';
import type { CommandDeps } from './commandDeps';

export interface TemplateFields {
  name: string;
  language: string;
  body: string;
  variableLabels: string[];
}

/**
 * Creates (no id) or updates a WhatsApp template as approved in Meta's manager. A name and
 * language pair is unique per channel, as at Meta. Bodies are validated by the schema.
 */
export function saveChannelTemplate(deps: CommandDeps, input: { spaceId: string; channelId: string; templateId?: string | undefined; fields: TemplateFields }): TemplateRow {
  const saved = deps.db.transaction(() => {
    const now = deps.now();
    const channel = providerChannels.inSpace(deps.db, input.spaceId, input.channelId);
    if (!channel) throw errors.notFound('This channel');
    if (channel.kind !== 'whatsapp') throw errors.badRequest('Templates are for WhatsApp channels.');
    const { name, language, body } = input.fields;
    const clash = channelTemplates.byName(deps.db, channel.id, name, language);
    if (clash && clash.id !== input.templateId) throw errors.badRequest(`name: This channel already has the template “${name}” in ${language}.`);
    const fields = { name, language, body, variable_labels: JSON.stringify(input.fields.variableLabels), updated_at: now };
    if (input.templateId) {
      const existing = channelTemplates.inSpace(deps.db, input.spaceId, input.templateId);
      if (!existing || existing.channel_id !== channel.id) throw errors.notFound('This template');
      channelTemplates.update(deps.db, existing.id, fields);
      return { ...existing, ...fields };
    }
    const row: TemplateRow = { id: newId(), space_id: input.spaceId, channel_id: channel.id, ...fields, created_at: now };
    channelTemplates.insert(deps.db, row);
    return row;
  })();
  deps.events.publish(input.spaceId, { type: 'channels.changed' });
  return saved;
}

import { z } from 'zod';
import { SLA_MAX_CONDITIONS, SLA_MAX_MINUTES, SLA_MAX_POLICIES, SLA_NAME_MAX, SLA_TAG_MAX } from '../domain/sla';
import { id, spaceInput } from './commonSchema';

const minutes = z
  .number()
  .int('Enter whole minutes')
  .min(1, 'At least 1 minute')
  .max(SLA_MAX_MINUTES, `At most ${SLA_MAX_MINUTES} minutes (a year)`)
  .nullable();

export const slaPolicyFields = z.object({
  name: z.string().trim().min(1, 'Give the policy a name').max(SLA_NAME_MAX, `At most ${SLA_NAME_MAX} characters`),
  enabled: z.boolean(),
  firstResponseMin: minutes,
  nextResponseMin: minutes,
  resolutionMin: minutes,
  businessHours: z.boolean(),
  channelIds: z.array(id).max(SLA_MAX_CONDITIONS, `At most ${SLA_MAX_CONDITIONS} channels`),
  tags: z.array(z.string().trim().min(1, 'A tag cannot be empty').max(SLA_TAG_MAX, `Tags are at most ${SLA_TAG_MAX} characters`)).max(SLA_MAX_CONDITIONS, `At most ${SLA_MAX_CONDITIONS} tags`),
});

/** Create (no `policyId`) or edit a policy. */
export const slaSaveInput = spaceInput.extend({ policyId: id.optional() }).merge(slaPolicyFields);
export const slaDeleteInput = spaceInput.extend({ policyId: id });
export type SlaSaveInput = z.infer<typeof slaSaveInput>;
/** The space's policies in their new order (every one of them, each once). */
export const slaReorderInput = spaceInput.extend({ policyIds: z.array(id).min(1).max(SLA_MAX_POLICIES, `At most ${SLA_MAX_POLICIES} policies`) });

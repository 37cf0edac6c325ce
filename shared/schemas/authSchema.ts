import { z } from 'zod';
import { email, id, password, personName, role, secretToken, spaceInput, spaceName } from './commonSchema';
import { LIMITS } from '../domain/limits';

export const setupInput = z.object({ name: personName, email, password, spaceName });
export const loginInput = z.object({ email, password: z.string().min(1, 'Enter your password').max(LIMITS.passwordMax) });

export const createSpaceInput = z.object({ name: spaceName });
export const renameSpaceInput = spaceInput.extend({ name: spaceName });

export const inviteCreateInput = spaceInput.extend({
  role,
  email: email.optional(),
  /** Hours the link stays valid; a week by default. */
  ttlHours: z.number().int().min(1).max(24 * 30).default(24 * 7),
});
export const inviteTokenInput = z.object({ token: secretToken });
export const inviteAcceptInput = z.object({
  token: secretToken,
  /** Needed only when the visitor is not signed in: the account to create. */
  account: z.object({ name: personName, email, password }).optional(),
});
export const inviteRevokeInput = spaceInput.extend({ inviteId: id });

export const memberRoleInput = spaceInput.extend({ userId: id, role });
export const memberRemoveInput = spaceInput.extend({ userId: id });
/** A member's own status: away members are skipped by workflows' online-only assignment. */
export const memberStatus = z.enum(['online', 'away']);
export type MemberStatus = z.infer<typeof memberStatus>;
export const memberStatusInput = spaceInput.extend({ status: memberStatus });

export const apiTokenCreateInput = spaceInput.extend({
  name: z.string().trim().min(1, 'Give the token a name').max(LIMITS.tokenNameMax),
});
export const apiTokenRevokeInput = spaceInput.extend({ tokenId: id });

export type SetupInput = z.infer<typeof setupInput>;

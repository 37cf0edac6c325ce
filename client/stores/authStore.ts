import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';

type SetupInput = Parameters<typeof trpc.setup.create.mutate>[0];
type InviteAccount = { name: string; email: string; password: string };

export const login = (email: string, password: string) => trpc.auth.login.mutate({ email, password });

/** First run: resolves to the owner's first space. */
export const setupFirstSpace = (input: SetupInput) => trpc.setup.create.mutate(input);

/** What an invite link offers (space, role), for the token in the address. */
export function createInvitePreview(token: () => string) {
  return createResource(token, (t) => trpc.invites.preview.query({ token: t }));
}

/** Joins with the signed-in account, or a new one: resolves to the space joined. */
export const acceptInvite = (token: string, account?: InviteAccount) => trpc.invites.accept.mutate({ token, account });

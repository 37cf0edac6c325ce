import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ConversationState } from '../shared/domain/conversation';

/** The cause of a CONFLICT: the state the caller should refresh to (sent to the client in error.data.current). */
export class StaleVersion extends Error {
  constructor(readonly current: ConversationState) {
    super('stale version');
  }
}

/**
 * Every error a user can meet, named once. The message is what a support agent reads: what
 * happened and what to do. Cross-space lookups always say NOT_FOUND, never FORBIDDEN.
 */
export const errors = {
  notSignedIn: () => new TRPCError({ code: 'UNAUTHORIZED', message: 'You are not signed in. Sign in and try again.' }),
  badCredentials: () => new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong e-mail or password.' }),
  badApiToken: () => new TRPCError({ code: 'UNAUTHORIZED', message: 'This API token is not valid or has been revoked.' }),
  tooManyAttempts: (retryMs: number) => {
    const m = Math.max(1, Math.ceil(retryMs / 60000));
    return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many failed sign-ins. Try again in ${m} minute${m === 1 ? '' : 's'}.` });
  },
  signInBusy: () => new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Kaon is busy checking other sign-ins. Try again in a few seconds.' }),
  chatTooFast: (retryMs: number) => {
    const s = Math.max(1, Math.ceil(retryMs / 1000));
    return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `You are sending messages too quickly. Wait ${s} second${s === 1 ? '' : 's'} and send it again.` });
  },
  chatTooManyNew: (retryMs: number) => {
    const m = Math.max(1, Math.ceil(retryMs / 60000));
    return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many new chats from your network. Try again in ${m} minute${m === 1 ? '' : 's'}.` });
  },
  chatTooManyTabs: () => new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'This chat is open in too many tabs. Close some of them and reload this page.' }),
  setupClosed: () => new TRPCError({ code: 'FORBIDDEN', message: 'Kaon is already set up. Sign in instead.' }),
  notFound: (what: string) => new TRPCError({ code: 'NOT_FOUND', message: `${what} was not found.` }),
  forbidden: (why: string) => new TRPCError({ code: 'FORBIDDEN', message: why }),
  roleRequired: () => new TRPCError({ code: 'FORBIDDEN', message: 'Only owners and managers can do this.' }),
  inviteInvalid: () => new TRPCError({ code: 'NOT_FOUND', message: 'This invite link is not valid. Ask for a new one.' }),
  inviteExpired: () => new TRPCError({ code: 'BAD_REQUEST', message: 'This invite link has expired. Ask for a new one.' }),
  inviteUsed: () => new TRPCError({ code: 'BAD_REQUEST', message: 'This invite link has already been used. Ask for a new one.' }),
  inviteWrongEmail: () =>
    new TRPCError({ code: 'FORBIDDEN', message: 'This invite was sent to another e-mail address. Sign in with that address or ask for a new invite.' }),
  inviteNeedsAccount: () => new TRPCError({ code: 'BAD_REQUEST', message: 'Enter your name, e-mail and a password to create your account.' }),
  alreadyMember: () => new TRPCError({ code: 'CONFLICT', message: 'You are already a member of this space.' }),
  conflict: (message: string, current: ConversationState) => new TRPCError({ code: 'CONFLICT', message, cause: new StaleVersion(current) }),
  badRequest: (message: string) => new TRPCError({ code: 'BAD_REQUEST', message }),
  /** Refused input found after validation (e.g. a webhook address that resolves to a private network), named by its field like a zod refusal. */
  badField: (field: string, message: string) =>
    // A ZodError made by parsing (zod 4's constructed ones are not `Error`s, and tRPC would hide them).
    new TRPCError({ code: 'BAD_REQUEST', message, cause: z.object({ [field]: z.custom(() => false, message) }).safeParse({}).error }),
  emptyMessage: () => new TRPCError({ code: 'BAD_REQUEST', message: 'Write a message or attach a file before sending.' }),
  channelUnavailable: () => new TRPCError({ code: 'NOT_FOUND', message: 'This chat is not available. Check the link.' }),
  tokenCannotDo: () => new TRPCError({ code: 'FORBIDDEN', message: 'API tokens cannot do this; sign in to the app instead.' }),
};

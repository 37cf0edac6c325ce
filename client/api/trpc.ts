import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/routers/root';

/** The one tRPC client: batched HTTP for queries and mutations, SSE for subscriptions. Cookies carry the session. */
export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc' }),
    }),
  ],
});

/** What went wrong, in words an agent understands (server messages already are). */
export function errorText(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (!err.data && /fetch|network/i.test(err.message)) return 'Cannot reach Kaon. Check your connection and try again.';
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return 'Something went wrong. Try again.';
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
}

/** No answer from the server (network down, server unreachable), as opposed to a refusal with an error code. */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof TRPCClientError) return !err.data;
  return err instanceof TypeError;
}

/** Per-field messages from a BAD_REQUEST answer (the server names each field). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof TRPCClientError)) return {};
  const fields = (err.data as { fields?: Record<string, string[] | undefined> } | undefined)?.fields ?? {};
  const out: Record<string, string> = {};
  for (const [key, messages] of Object.entries(fields)) if (messages?.[0]) out[key] = messages[0];
  return out;
}

import { TRPCClientError } from '@trpc/client';

/** Per-field messages from a BAD_REQUEST answer (the server names each field). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof TRPCClientError)) return {};
  const fields = (err.data as { fields?: Record<string, string[] | undefined> } | undefined)?.fields ?? {};
  const out: Record<string, string> = {};
  for (const [key, messages] of Object.entries(fields)) if (messages?.[0]) out[key] = messages[0];
  return out;
}

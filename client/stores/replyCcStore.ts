import { createMemo, createResource, createSignal, on, createEffect, type Accessor } from 'solid-js';
import { ccAddProblem, normalizeAddress, splitAddresses } from '../../shared/domain/emailCc';
import { trpc } from '../api/trpc';
import { cachedQuery } from './offlineCache';
import { useSession } from './session';

/**
 * The Cc line of an e-mail reply: it starts as the reply to all Kaon computes
 * (`conversations.replyCc`, cached for offline use) and starts over whenever a newer mail arrives
 * in the thread; the agent adds and removes addresses (checked as they are typed). `toSend()` is
 * undefined while the agent left it alone, so the server replies to all with what it knows then.
 */
export function createReplyCc(spaceId: string, conversationId: string, latestMailId: Accessor<string | null | false>) {
  const session = useSession();
  const [defaults] = createResource(
    () => {
      const latest = latestMailId();
      return latest !== false && { latest };
    },
    () =>
      cachedQuery(`${session.me()?.user.id}:${spaceId}:replyCc:${conversationId}`, () => trpc.conversations.replyCc.query({ spaceId, conversationId }))
        .then((r) => r.cc)
        .catch(() => [] as string[]),
  );
  const [edited, setEdited] = createSignal<string[] | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  createEffect(on(latestMailId, () => {
    setEdited(null);
    setError(null);
  }, { defer: true }));
  const list = createMemo(() => edited() ?? defaults() ?? []);

  return {
    list,
    error,
    /** Adds what the agent typed or pasted (one or more addresses); false, with `error()`, when one is refused. */
    add(text: string): boolean {
      const next = [...list()];
      for (const a of splitAddresses(text)) {
        const problem = ccAddProblem(next, a);
        if (problem) {
          setError(problem);
          return false;
        }
        next.push(normalizeAddress(a));
      }
      setError(null);
      setEdited(next);
      return true;
    },
    remove(address: string) {
      setError(null);
      setEdited(list().filter((a) => a !== address));
    },
    clearError: () => setError(null),
    toSend: (): string[] | undefined => edited() ?? undefined,
  };
}

export type ReplyCc = ReturnType<typeof createReplyCc>;

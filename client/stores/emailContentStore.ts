import { createResource, createSignal } from 'solid-js';
import { errorText, trpc } from '../api/trpc';
import { useSpace } from './space';

/**
 * A mail's sanitized HTML and quoted history, fetched once the agent asks for them (the thread
 * doc carries only the headers). `load()` starts the fetch; `error` says in words why it failed.
 */
export function createEmailContent(messageId: () => string) {
  const space = useSpace();
  const [wanted, setWanted] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [content] = createResource(
    () => wanted() && { spaceId: space.spaceId(), messageId: messageId() },
    (input) =>
      trpc.providerChannels.emailContent.query(input).catch((err: unknown) => {
        setError(errorText(err));
        return undefined;
      }),
  );
  return { content, error, load: () => setWanted(true) };
}

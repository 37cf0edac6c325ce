import { createEffect, createResource, createSignal, on, onCleanup } from 'solid-js';
import { errorText, trpc } from '../api/trpc';
import { createMutation } from './mutation';

type MessagingWindow = Awaited<ReturnType<typeof trpc.providerChannels.window.query>>;
type TemplateInput = Omit<Parameters<typeof trpc.providerChannels.saveTemplate.mutate>[0], 'spaceId' | 'channelId'>;

/**
 * WhatsApp's 24-hour window of the open contact, asked before the agent types. Refetched when the
 * thread changes (a customer message reopens it), when it is due to close, and every minute.
 */
export function createMessagingWindow(input: () => { spaceId: string; contactId: string; channelKind: string } | undefined, changes: () => unknown) {
  const [tick, setTick] = createSignal(0);
  let known: { contactId: string; w: MessagingWindow } | undefined;
  const [win, { refetch }] = createResource(
    () => {
      const i = input();
      return i && i.channelKind === 'whatsapp' ? { spaceId: i.spaceId, contactId: i.contactId, t: tick() } : false;
    },
    // Offline or refused: keep what was known (the server still refuses a free-form send outside the window).
    ({ spaceId, contactId }): Promise<MessagingWindow | undefined> =>
      trpc.providerChannels.window
        .query({ spaceId, contactId })
        .then((w) => (known = { contactId, w }).w)
        .catch(() => (known?.contactId === contactId ? known.w : undefined)),
  );
  createEffect(on(changes, () => void refetch(), { defer: true }));
  const every = setInterval(() => setTick((t) => t + 1), 60_000);
  onCleanup(() => clearInterval(every));
  createEffect(() => {
    const closesAt = win()?.closesAt;
    if (!closesAt || !win()?.freeFormAllowed) return;
    const timer = setTimeout(() => setTick((t) => t + 1), Math.min(Math.max(closesAt - Date.now() + 500, 1000), 2 ** 31 - 1));
    onCleanup(() => clearTimeout(timer));
  });
  return win;
}

/** The templates of one WhatsApp channel as Settings manages them: the list, add and delete (each refetches the list). */
export function createChannelTemplates(props: { spaceId: string; channelId: string }) {
  const [templates, { refetch }] = createResource(
    () => ({ spaceId: props.spaceId, channelId: props.channelId }),
    (input) => trpc.providerChannels.listTemplates.query(input),
  );
  const mutation = createMutation({ after: refetch });
  return {
    templates,
    mutation,
    save: (template: TemplateInput) => mutation.run(() => trpc.providerChannels.saveTemplate.mutate({ spaceId: props.spaceId, channelId: props.channelId, ...template }), undefined, 'as well'),
    remove: (templateId: string) => mutation.run(() => trpc.providerChannels.deleteTemplate.mutate({ spaceId: props.spaceId, templateId })),
  };
}

/**
 * The templates an agent can send on a channel outside the 24-hour window: a list that says why
 * it could not load (and stays empty), and sending one.
 */
export function createTemplateSender(props: { spaceId: string; contactId: string; channelId: string }) {
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [templates] = createResource(
    () => ({ spaceId: props.spaceId, channelId: props.channelId }),
    (input) =>
      trpc.providerChannels.listTemplates.query(input).catch((err: unknown) => {
        setLoadError(errorText(err));
        return [];
      }),
  );
  const mutation = createMutation();
  return {
    templates,
    loadError,
    mutation,
    /** Resolves with the conversation it went to, or undefined when it was not sent (`mutation.error()` says why). */
    async send(input: { templateId: string; values: string[]; clientId: string }): Promise<string | undefined> {
      let conversationId: string | undefined;
      await mutation.run(async () => {
        conversationId = (await trpc.providerChannels.sendTemplate.mutate({ spaceId: props.spaceId, contactId: props.contactId, ...input })).conversationId;
      });
      return conversationId;
    },
  };
}

import { createResource } from 'solid-js';
import { errorText, trpc } from '../api/trpc';
import { createMutation } from './mutation';
import { useSpace } from './space';

export type ProviderChannelView = Awaited<ReturnType<typeof trpc.providerChannels.list.query>>[number];
type WhatsAppInput = Omit<Parameters<typeof trpc.providerChannels.createWhatsApp.mutate>[0], 'spaceId'>;
export type EmailInput = Omit<Parameters<typeof trpc.providerChannels.createEmail.mutate>[0], 'spaceId'>;
type WhatsAppUpdate = Omit<Parameters<typeof trpc.providerChannels.updateWhatsApp.mutate>[0], 'spaceId' | 'channelId'>;

/**
 * The space's WhatsApp and Telegram channels (secrets never come back: the list only says a secret
 * is set), refetched when channels change; every change refetches it and says what happened.
 */
export function createProviderChannels() {
  const space = useSpace();
  const [list, { refetch }] = createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('channels.changed') }),
    ({ spaceId }) => trpc.providerChannels.list.query({ spaceId }),
  );
  const mutation = createMutation({ after: refetch });
  const spaceId = () => space.spaceId();
  // Kaon registers its own webhook with a Telegram bot, at the address this browser uses.
  const connect = (channelId: string) => trpc.providerChannels.connect.mutate({ spaceId: spaceId(), channelId, publicUrl: location.origin });
  return {
    list,
    mutation,
    // A new channel's refused fields are marked on its form, and said above it as well.
    addWhatsApp: (input: WhatsAppInput, done: string) => mutation.run(() => trpc.providerChannels.createWhatsApp.mutate({ spaceId: spaceId(), ...input }), done, 'as well'),
    addTelegram: (input: { name: string; botToken: string }, done: string) =>
      mutation.run(async () => {
        const created = await trpc.providerChannels.createTelegram.mutate({ spaceId: spaceId(), ...input });
        await connect(created.id);
      }, done, 'as well'),
    addEmail: (input: EmailInput, done: string) => mutation.run(() => trpc.providerChannels.createEmail.mutate({ spaceId: spaceId(), ...input }), done, 'as well'),
    setEnabled: (channelId: string, enabled: boolean) => mutation.run(() => trpc.providerChannels.setEnabled.mutate({ spaceId: spaceId(), channelId, enabled })),
    /** Asks the provider whether the channel's settings work: what was checked, or what is wrong, in words. */
    async checkConnection(channelId: string): Promise<{ ok: boolean; text: string }> {
      try {
        const { detail } = await connect(channelId);
        void refetch();
        return { ok: true, text: detail };
      } catch (err) {
        return { ok: false, text: errorText(err) };
      }
    },
    remove: (channelId: string) => mutation.run(() => trpc.providerChannels.delete.mutate({ spaceId: spaceId(), channelId })),
    /** Whether closing a conversation asks the customer for a rating (e-mail: a mail with links to Kaon's rating page). */
    setAskRating: (channelId: string, askRating: boolean) => mutation.run(() => trpc.channels.setAskRating.mutate({ spaceId: spaceId(), channelId, askRating })),
    /** Says what was done (e.g. after an edit) and refetches the list. */
    announce: (done: string) => mutation.run(async () => {}, done),
  };
}

/** Editing one channel: secrets left out are kept, secrets given replace them; errors per field too. */
export function createProviderChannelEdit(spaceId: () => string) {
  const mutation = createMutation({ perField: 'as well' });
  return {
    mutation,
    updateWhatsApp: (channelId: string, input: WhatsAppUpdate) => mutation.run(() => trpc.providerChannels.updateWhatsApp.mutate({ spaceId: spaceId(), channelId, ...input })),
    updateEmail: (channelId: string, input: EmailInput) => mutation.run(() => trpc.providerChannels.updateEmail.mutate({ spaceId: spaceId(), channelId, ...input })),
    updateTelegram: (channelId: string, input: { name: string; botToken: string | undefined }) =>
      mutation.run(async () => {
        await trpc.providerChannels.updateTelegram.mutate({ spaceId: spaceId(), channelId, ...input });
        // A new token may be another bot: register Kaon's webhook with it.
        if (input.botToken) await trpc.providerChannels.connect.mutate({ spaceId: spaceId(), channelId, publicUrl: location.origin });
      }),
  };
}

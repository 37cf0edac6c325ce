// The customer chat page's requests. It is a bundle of its own: import only the api here, never the app's stores.
import { trpc } from '../api/trpc';

export { errorText } from '../api/trpc';
export { uploadFile } from '../api/upload';

type SendInput = Omit<Parameters<typeof trpc.webchat.send.mutate>[0], 'channelKey'>;

/** The visitor's channel: hello (sets the visitor cookie), the transcript, replies seen, live events, sending. */
export function chatApi(channelKey: () => string) {
  return {
    hello: () => trpc.webchat.hello.mutate({ channelKey: channelKey() }),
    transcript: () => trpc.webchat.transcript.query({ channelKey: channelKey() }),
    markSeen: () => trpc.webchat.markSeen.mutate({ channelKey: channelKey() }),
    listen: (on: () => void) => trpc.webchat.events.subscribe({ channelKey: channelKey() }, { onData: on, onStarted: on }),
    send: (input: SendInput) => trpc.webchat.send.mutate({ channelKey: channelKey(), ...input }),
    rate: (conversationId: string, score: number, comment: string | null) => trpc.webchat.rate.mutate({ channelKey: channelKey(), conversationId, score, comment }),
  };
}

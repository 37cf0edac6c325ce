import { createSignal, onCleanup } from 'solid-js';
import type { PresencePeer } from './contactDocStore';

/** What the conversation pane needs of the contact panel's live presence. */
interface PresenceHandle {
  others: () => PresencePeer[];
  replying: (active: boolean) => void;
}

// The contact panel owns the contact doc's presence; the composer beside it reports typing into it
// and reads who else is replying, without opening a second presence for the same member.
const [handles, setHandles] = createSignal<ReadonlyMap<string, PresenceHandle>>(new Map());

/** Called by the view that binds a contact doc: its presence serves the conversation pane while it lives. */
export function providePresence(contactId: string, handle: PresenceHandle): void {
  setHandles((all) => new Map(all).set(contactId, handle));
  onCleanup(() =>
    setHandles((all) => {
      if (all.get(contactId) !== handle) return all;
      const next = new Map(all);
      next.delete(contactId);
      return next;
    }),
  );
}

/** The member is (or stopped) writing a reply to this contact. */
export function reportReplying(contactId: string, active: boolean): void {
  handles().get(contactId)?.replying(active);
}

/** Other members writing a reply to this contact right now (reactive). */
export function othersReplying(contactId: string): PresencePeer[] {
  return (handles().get(contactId)?.others() ?? []).filter((p) => p.replying);
}

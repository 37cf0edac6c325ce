import { createEffect, createMemo, createSignal, onCleanup } from 'solid-js';
import { docNames } from '../../shared/sync/docNames';
import { acquireDoc, releaseDoc } from '../sync/docs';
import { bindYMap } from '../sync/bindYMap';
import { bindDrafts } from '../sync/draftsDoc';
import { useSession } from './session';
import { useSpace } from './space';

/** The draft for one contact in the current space, for the composer: its text and a debounced save. */
export function createDraft(contactId: () => string | undefined) {
  const space = useSpace();
  const session = useSession();
  const [text, setText] = createSignal<string | undefined>(undefined);
  let current: { contactId: string; drafts: ReturnType<typeof bindDrafts> } | null = null;
  const member = createMemo(() => session.me()?.user.id);

  createEffect(() => {
    const userId = member();
    const spaceId = space.spaceId();
    const id = contactId();
    if (!userId || !id) return;
    const name = docNames.drafts(spaceId, userId);
    const opened = acquireDoc(name);
    const drafts = bindDrafts(opened.doc);
    current = { contactId: id, drafts };
    const saved = bindYMap(drafts.map);
    const show = () => setText(drafts.read(id));
    void opened.whenLocal.then(show);
    // The saved draft changed (another device, the local copy loading, this composer's own save).
    createEffect(() => {
      void saved.store[id]?.text;
      show();
    });
    onCleanup(() => {
      drafts.flush();
      saved.dispose();
      if (current?.drafts === drafts) current = null;
      releaseDoc(name);
    });
  });

  return {
    /** undefined until the draft is known (so the composer does not blank what the member typed). */
    text,
    save: (value: string) => current?.drafts.save(current.contactId, value),
  };
}

/**
 * Keeps the member's drafts doc of the current space open while the app is (call once, in the
 * shell): drafts written offline sync when the connection returns, whatever screen is open.
 */
export function createDraftsSync() {
  const space = useSpace();
  const session = useSession();
  const name = createMemo(() => {
    const userId = session.me()?.user.id;
    return userId && space.membership() ? docNames.drafts(space.spaceId(), userId) : null;
  });
  createEffect(() => {
    const doc = name();
    if (!doc) return;
    acquireDoc(doc);
    onCleanup(() => releaseDoc(doc));
  });
}

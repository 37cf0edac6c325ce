import { A, useNavigate } from '@solidjs/router';
import { createSignal, For, onMount, Show, type ParentProps } from 'solid-js';
import { ConnectionIndicator } from '../../components/ConnectionIndicator';
import { ContactsIcon, MessagesIcon, ReportsIcon, SettingsIcon, SnippetsIcon, WorkflowsIcon } from '../../components/Icons';
import { createMemberStatus } from '../../stores/memberStatus';
import { connectionStatus, pendingCount } from '../../sync/connectionStatus';
import { createDraftsSync } from '../../stores/draftStore';
import { createOutboxRunner } from '../../stores/outboxStore';
import { NotificationBell } from './NotificationBell';
import { useSession } from '../../stores/session';
import { SpaceProvider, useSpace } from '../../stores/space';
import { resumeUnsyncedDocs } from '../../sync/docs';

const MODULES = [
  { path: 'messages', label: 'Messages', Icon: MessagesIcon },
  { path: 'contacts', label: 'Contacts', Icon: ContactsIcon },
  { path: 'snippets', label: 'Snippets', Icon: SnippetsIcon },
  { path: 'workflows', label: 'Workflows', Icon: WorkflowsIcon },
  { path: 'reports', label: 'Reports', Icon: ReportsIcon },
  { path: 'settings', label: 'Settings', Icon: SettingsIcon },
] as const;

/**
 * The member's own status: the "Available" switch, on = online, off = away (online-only workflows
 * skip them). Not called "Online": the connection indicator above already says that word.
 */
function StatusSwitch() {
  const status = createMemberStatus();
  const online = () => status.status() === 'online';
  return (
    <div class="status-switch-row">
      <button
        type="button"
        role="switch"
        class="status-switch"
        classList={{ away: !online() }}
        aria-checked={online()}
        aria-describedby="status-switch-hint"
        onClick={() => void status.set(online() ? 'away' : 'online')}
      >
        <span class="switch-track" aria-hidden="true">
          <span class="switch-thumb" />
        </span>
        Available
      </button>
      <span id="status-switch-hint" class="small muted">
        {online() ? 'Online: workflows can assign you' : 'Away: workflows skip you'}
      </span>
      <Show when={status.error()}>
        <p class="form-error small" role="alert">
          {status.error()}
        </p>
      </Show>
    </div>
  );
}

function Rail() {
  const session = useSession();
  const space = useSpace();
  const navigate = useNavigate();

  const handleSwitch = (event: Event) => {
    const id = (event.currentTarget as HTMLSelectElement).value;
    navigate(`/s/${id}/messages`);
  };
  const [signOutError, setSignOutError] = createSignal<string | null>(null);
  const handleSignOut = async () => {
    const why = await session.signOut();
    setSignOutError(why);
    if (!why) navigate('/login', { replace: true });
  };

  return (
    <nav class="rail" aria-label="Main">
      <ul class="modules">
        <For each={MODULES}>
          {(m) => (
            <li>
              <A href={`/s/${space.spaceId()}/${m.path}`} activeClass="active">
                <m.Icon />
                {m.label}
              </A>
            </li>
          )}
        </For>
      </ul>
      <div class="rail-bottom">
        {/* Keyed: a new space or user opens that member's own inbox doc. */}
        <Show when={space.membership() && session.me()?.user.id} keyed>
          {(userId) => (
            <Show when={space.spaceId()} keyed>
              {(spaceId) => <NotificationBell spaceId={spaceId} userId={userId} />}
            </Show>
          )}
        </Show>
        <ConnectionIndicator status={connectionStatus()} pending={pendingCount()} />
        <label class="space-switcher">
          <span>Space</span>
          <select aria-label="Space" value={space.spaceId()} onChange={handleSwitch}>
            <For each={session.me()?.spaces ?? []}>{(s) => <option value={s.id}>{s.name}</option>}</For>
          </select>
        </label>
        <p class="me" title={session.me()?.user.email}>
          {session.me()?.user.name} <span class="muted">· {space.role()}</span>
        </p>
        <Show when={space.membership()}>
          <StatusSwitch />
        </Show>
        <button type="button" onClick={() => void handleSignOut()}>
          Sign out
        </button>
        <Show when={signOutError()}>
          <p class="form-error small" role="alert">
            {signOutError()}
          </p>
        </Show>
      </div>
    </nav>
  );
}

function SpaceGate(props: ParentProps) {
  const space = useSpace();
  createDraftsSync();
  return (
    <Show
      when={space.membership()}
      fallback={
        <main class="module empty">
          <h1>Space not found</h1>
          <p>This space does not exist or you are not a member. Pick another space from the switcher.</p>
        </main>
      }
    >
      {props.children}
    </Show>
  );
}

/** The signed-in layout: left rail and the current module. */
export function AppShell(props: ParentProps) {
  const session = useSession();
  // Replies queued offline (even before a reload) go out from any screen once Kaon is reachable.
  createOutboxRunner(() => session.me()?.user.id);
  // Comments, profile edits and drafts written offline before a reload sync even if their contact is not reopened.
  onMount(resumeUnsyncedDocs);
  return (
    <SpaceProvider>
      <div class="shell">
        <Rail />
        <SpaceGate>{props.children}</SpaceGate>
      </div>
    </SpaceProvider>
  );
}

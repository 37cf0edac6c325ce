import { Navigate, Route, Router, useLocation } from '@solidjs/router';
import { lazy, Match, Switch, type ParentProps } from 'solid-js';
import { SessionProvider, useSession } from './stores/session';
import { SetupScreen } from './routes/Setup/SetupScreen';
import { LoginScreen } from './routes/Login/LoginScreen';
import { AcceptInvite } from './routes/Invite/AcceptInvite';
import { AppShell } from './routes/Shell/AppShell';
import { MessagesScreen } from './routes/Messages/MessagesScreen';
import { ContactsScreen } from './routes/Contacts/ContactsScreen';
import { SnippetsScreen } from './routes/Snippets/SnippetsScreen';
import { WorkflowsScreen } from './routes/Workflows/WorkflowsScreen';
import { SlaSettings } from './routes/Settings/SlaSettings';
import { SettingsLayout } from './routes/Settings/SettingsLayout';
import { MembersSettings } from './routes/Settings/MembersSettings';
import { ApiTokensSettings } from './routes/Settings/ApiTokensSettings';
import { SpaceSettings } from './routes/Settings/SpaceSettings';
import { WebhooksSettings } from './routes/Settings/WebhooksSettings';
import { ChannelsSettings } from './routes/Settings/ChannelsSettings';
import { ClosingSettings } from './routes/Settings/ClosingSettings';
import { BusinessHoursSettings } from './routes/Settings/BusinessHoursSettings';
import { ContactFieldsSettings } from './routes/Settings/ContactFieldsSettings';

// Reports are read online and by few people: the screen (and uPlot with it) loads on first visit, outside the initial bundle.
const ReportsScreen = lazy(() => import('./routes/Reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })));

function Loading() {
  return (
    <p class="loading" role="status">
      Loading Kaon…
    </p>
  );
}

/** `/`: setup on first run, sign-in when signed out, else the first space's Messages. */
function Home() {
  const session = useSession();
  return (
    <Switch fallback={<Loading />}>
      <Match when={session.status()?.needsSetup}>
        <Navigate href="/setup" />
      </Match>
      <Match when={session.me.state === 'ready' && !session.me()}>
        <Navigate href="/login" />
      </Match>
      <Match when={session.me()?.spaces[0]}>{(first) => <Navigate href={`/s/${first().id}/messages`} />}</Match>
      <Match when={session.me()}>
        <main class="auth">
          <p>You are not a member of any space yet. Ask an owner or manager for an invite link.</p>
        </main>
      </Match>
    </Switch>
  );
}

/** Setup exists only until the first account does; after that it is closed for good. */
function SetupGate() {
  const session = useSession();
  return (
    <Switch fallback={<Loading />}>
      <Match when={session.status()?.needsSetup === true}>
        <SetupScreen />
      </Match>
      <Match when={session.status()?.needsSetup === false}>
        <Navigate href="/" />
      </Match>
    </Switch>
  );
}

function SignedIn(props: ParentProps) {
  const session = useSession();
  const location = useLocation();
  return (
    <Switch fallback={<Loading />}>
      <Match when={session.me()}>
        <AppShell>{props.children}</AppShell>
      </Match>
      <Match when={session.me.state === 'ready' || session.me.state === 'errored'}>
        <Navigate href={`/login?next=${encodeURIComponent(location.pathname)}`} />
      </Match>
    </Switch>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Router>
        <Route path="/" component={Home} />
        <Route path="/setup" component={SetupGate} />
        <Route path="/login" component={LoginScreen} />
        <Route path="/invite/:token" component={AcceptInvite} />
        <Route path="/s/:spaceId" component={SignedIn}>
          <Route path="/" component={() => <Navigate href="messages" />} />
          <Route path="/messages/:conversationId?" component={MessagesScreen} />
          <Route path="/contacts/:contactId?" component={ContactsScreen} />
          <Route path="/snippets" component={SnippetsScreen} />
          <Route path="/workflows" component={WorkflowsScreen} />
          <Route path="/reports" component={ReportsScreen} />
          <Route path="/settings" component={SettingsLayout}>
            <Route path="/" component={() => <Navigate href="members" />} />
            <Route path="/members" component={MembersSettings} />
            <Route path="/tokens" component={ApiTokensSettings} />
            <Route path="/channels" component={ChannelsSettings} />
            <Route path="/closing" component={ClosingSettings} />
            <Route path="/hours" component={BusinessHoursSettings} />
            <Route path="/sla" component={SlaSettings} />
            <Route path="/contact-fields" component={ContactFieldsSettings} />
            <Route path="/webhooks" component={WebhooksSettings} />
            <Route path="/space" component={SpaceSettings} />
          </Route>
        </Route>
        <Route path="*" component={() => <Navigate href="/" />} />
      </Router>
    </SessionProvider>
  );
}

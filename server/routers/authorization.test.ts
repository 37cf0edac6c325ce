/**
 * The authorization matrix: every procedure of the app router (enumerated from the router itself,
 * so a new procedure fails this test until it is given a rule) × owner, manager, agent, a member
 * of another space, an API token of another space and an anonymous caller. The expected outcome
 * comes from the procedure's rule: public, signed in, browser session, member, or an action of
 * shared/domain/permissions.ts (allowed for the roles `can` names, FORBIDDEN for the others).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, can, type Action, type Role } from '../../shared/domain/permissions';
import { errors } from '../errors';
import { addMember, ok, setupOwner, startApp, type TestApp } from '../testing/harness';
import { createContextFactory } from '../trpc/context';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from './root';

type Rule =
  | 'public' // anyone, signed in or not
  | 'publicNoToken' // anyone but an API token (accepting an invite)
  | 'authed' // a session or an API token
  | 'session' // a browser session only
  | 'member' // any member of the space named by spaceId
  | Action; // a member whose role may do this

const RULES: Record<string, Rule> = {
  'setup.status': 'public',
  'setup.create': 'public',
  'auth.me': 'public',
  'auth.login': 'public',
  'auth.logout': 'session',
  'auth.whoami': 'authed',
  'spaces.get': 'member',
  'spaces.create': 'session',
  'spaces.rename': 'space.rename',
  'spaces.events': 'member',
  'members.list': 'member',
  'members.setRole': 'members.changeRole',
  'members.remove': 'members.remove',
  'members.setStatus': 'member',
  'invites.create': 'members.invite',
  'invites.list': 'members.invite',
  'invites.revoke': 'members.invite',
  'invites.preview': 'public',
  'invites.accept': 'publicNoToken',
  'apiTokens.list': 'apiTokens.manage',
  'apiTokens.create': 'apiTokens.manage',
  'apiTokens.revoke': 'apiTokens.manage',
  'conversations.send': 'conversations.reply',
  'conversations.assign': 'conversations.assign',
  'conversations.unassign': 'conversations.assign',
  'conversations.close': 'conversations.close',
  'conversations.markRead': 'member',
  'conversations.closed': 'member',
  'conversations.snooze': 'conversations.snooze',
  'conversations.unsnooze': 'conversations.snooze',
  'conversations.snoozed': 'member',
  'channels.setAskRating': 'channels.manage',
  'conversations.history': 'member',
  'conversations.search': 'member',
  'conversations.threadPage': 'member',
  'conversations.replyCc': 'member',
  'conversations.firstScreen': 'member',
  'settings.closing': 'member',
  'settings.setClosing': 'settings.manage',
  'channels.list': 'member',
  'channels.createWebchat': 'channels.manage',
  'webchat.hello': 'public',
  'webchat.transcript': 'public',
  'webchat.markSeen': 'public',
  'webchat.send': 'public',
  'webchat.rate': 'public',
  'webchat.events': 'public',
  'snippets.list': 'snippets.use',
  'snippets.create': 'snippets.manage',
  'snippets.update': 'snippets.manage',
  'snippets.delete': 'snippets.manage',
  'providerChannels.list': 'member',
  'providerChannels.createWhatsApp': 'channels.manage',
  'providerChannels.createTelegram': 'channels.manage',
  'providerChannels.updateWhatsApp': 'channels.manage',
  'providerChannels.updateTelegram': 'channels.manage',
  'providerChannels.createEmail': 'channels.manage',
  'providerChannels.updateEmail': 'channels.manage',
  'providerChannels.emailContent': 'member',
  'providerChannels.setEnabled': 'channels.manage',
  'providerChannels.delete': 'channels.manage',
  'providerChannels.connect': 'channels.manage',
  'providerChannels.listTemplates': 'member',
  'providerChannels.saveTemplate': 'channels.manage',
  'providerChannels.deleteTemplate': 'channels.manage',
  'providerChannels.window': 'member',
  'providerChannels.sendTemplate': 'conversations.reply',
  'providerChannels.retrySend': 'conversations.reply',
  'workflows.list': 'workflows.manage',
  'workflows.save': 'workflows.manage',
  'workflows.setEnabled': 'workflows.manage',
  'workflows.delete': 'workflows.manage',
  'workflows.reorder': 'workflows.manage',
  'workflows.runs': 'workflows.manage',
  'workflows.dryRun': 'workflows.manage',
  'workflows.businessHours': 'space.view',
  'workflows.setBusinessHours': 'settings.manage',
  'workflows.online': 'space.view',
  'contacts.list': 'member',
  'contacts.get': 'member',
  'contactFields.list': 'member',
  'contactFields.save': 'contactFields.manage',
  'contactFields.delete': 'contactFields.manage',
  'contactFields.reorder': 'contactFields.manage',
  'notifications.markRead': 'member',
  'notifications.markAllRead': 'member',
  'webhooks.list': 'webhooks.manage',
  'webhooks.create': 'webhooks.manage',
  'webhooks.update': 'webhooks.manage',
  'webhooks.setEnabled': 'webhooks.manage',
  'webhooks.delete': 'webhooks.manage',
  'webhooks.rotateSecret': 'webhooks.manage',
  'webhooks.sendTest': 'webhooks.manage',
  'webhooks.deliveries': 'webhooks.manage',
  'sla.list': 'member',
  'sla.save': 'sla.manage',
  'sla.delete': 'sla.manage',
  'sla.reorder': 'sla.manage',
  // Everyone in the space; what they see is decided inside (agents: their own numbers; reportsRouter.test.ts).
  'reports.summary': 'member',
  'reports.csv': 'member',
};

type Actor = 'owner' | 'manager' | 'agent' | 'otherSpaceMember' | 'otherSpaceToken' | 'anonymous';
const ACTORS: Actor[] = ['owner', 'manager', 'agent', 'otherSpaceMember', 'otherSpaceToken', 'anonymous'];
type Outcome = 'allowed' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHORIZED';

function expected(rule: Rule, actor: Actor): Outcome {
  if (actor === 'anonymous') return rule === 'public' || rule === 'publicNoToken' ? 'allowed' : 'UNAUTHORIZED';
  if (rule === 'public' || rule === 'authed') return 'allowed';
  if (rule === 'publicNoToken' || rule === 'session') return actor === 'otherSpaceToken' ? 'FORBIDDEN' : 'allowed';
  if (actor === 'otherSpaceMember' || actor === 'otherSpaceToken') return 'NOT_FOUND';
  return rule === 'member' || can(actor as Role, rule) ? 'allowed' : 'FORBIDDEN';
}

// The refusals of the base procedures, by their words: a record-level NOT_FOUND or a domain
// FORBIDDEN (e.g. "setup is closed") comes after authorization passed, so it counts as allowed.
const AUTH_REFUSALS: Record<string, Outcome> = {
  [errors.notFound('This space').message]: 'NOT_FOUND',
  [errors.roleRequired().message]: 'FORBIDDEN',
  [errors.tokenCannotDo().message]: 'FORBIDDEN',
  [errors.notSignedIn().message]: 'UNAUTHORIZED',
  [errors.badApiToken().message]: 'UNAUTHORIZED',
};

let app: TestApp;
let spaceId: string;
const headers: Partial<Record<Actor, Record<string, string>>> = {};
const cookieOf = (browser: { cookies: Map<string, string> }) => [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

beforeAll(async () => {
  app = await startApp();
  const owner = await setupOwner(app);
  spaceId = owner.space.id;
  const manager = await addMember(app, owner.browser, spaceId, 'manager', { name: 'Mia Manager', email: 'mia@example.com' });
  const agent = await addMember(app, owner.browser, spaceId, 'agent', { name: 'Alice Agent', email: 'alice@example.com' });
  // Tom owns another space and is in no other; his API token is bound to his space.
  const other = ok(await owner.browser.mutate('spaces.create', { name: 'Other' }));
  const tom = await addMember(app, owner.browser, other.id, 'owner', { name: 'Tom Other', email: 'tom@example.com' });
  ok(await tom.browser.mutate('members.remove', { spaceId: other.id, userId: owner.user.id }));
  const { token } = ok(await tom.browser.mutate('apiTokens.create', { spaceId: other.id, name: 'script' }));
  headers.owner = { cookie: cookieOf(owner.browser) };
  headers.manager = { cookie: cookieOf(manager.browser) };
  headers.agent = { cookie: cookieOf(agent.browser) };
  headers.otherSpaceMember = { cookie: cookieOf(tom.browser) };
  headers.otherSpaceToken = { authorization: `Bearer ${token}` };
  headers.anonymous = {};
});
afterAll(() => app.close());

/** Calls `path` as `actor` in-process (the context the HTTP handler builds) and names the outcome. */
async function outcome(path: string, actor: Actor): Promise<{ outcome: Outcome; detail: string }> {
  const req = { headers: headers[actor], socket: { remoteAddress: '198.51.100.1' } } as unknown as IncomingMessage;
  const res = { appendHeader: () => res, setHeader: () => res } as unknown as ServerResponse;
  const caller = createCallerFactory(appRouter)(createContextFactory(app.kaon.deps)({ req, res })) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [router, procedure] = path.split('.') as [string, string];
  // Only the space: authorization runs before the procedure's own input is checked, so nothing changes.
  const input = path === 'invites.accept' ? { token: 'x'.repeat(43), account: { name: 'N', email: 'n@example.com', password: 'long enough password' } } : { spaceId };
  try {
    const result = await caller[router]![procedure]!(input);
    // A subscription answers with its stream: authorization passed. Close it.
    await (result as { return?: () => Promise<unknown> } | null)?.return?.();
    return { outcome: 'allowed', detail: 'ok' };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return { outcome: AUTH_REFUSALS[err.message] ?? 'allowed', detail: `${err.code}: ${err.message}` };
  }
}

const procedures = Object.keys(appRouter._def.procedures as Record<string, unknown>).sort((a, b) => Number(a === 'auth.logout') - Number(b === 'auth.logout'));

describe('authorization matrix', () => {
  it('names a rule for every procedure of the app router, and only for those', () => {
    expect(procedures.filter((p) => !(p in RULES)), 'procedures without a rule: add them to RULES').toEqual([]);
    expect(Object.keys(RULES).filter((p) => !procedures.includes(p))).toEqual([]);
    for (const rule of Object.values(RULES)) {
      if (!['public', 'publicNoToken', 'authed', 'session', 'member'].includes(rule)) expect(ACTIONS).toContain(rule);
    }
  });

  it('answers every procedure for every caller as its rule says', async () => {
    const mismatches: string[] = [];
    // auth.logout ends the sessions it is called with, so it runs last.
    for (const path of procedures) {
      for (const actor of ACTORS) {
        const got = await outcome(path, actor);
        const want = expected(RULES[path]!, actor);
        if (got.outcome !== want) mismatches.push(`${path} as ${actor}: expected ${want}, got ${got.outcome} (${got.detail})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(procedures.length * ACTORS.length).toBeGreaterThan(400);
  });
});

import { router } from '../trpc/init';
import { apiTokensRouter } from './apiTokensRouter';
import { authRouter } from './authRouter';
import { invitesRouter } from './invitesRouter';
import { membersRouter } from './membersRouter';
import { setupRouter } from './setupRouter';
import { spacesRouter } from './spacesRouter';
import { conversationsRouter } from './conversationsRouter';
import { settingsRouter } from './settingsRouter';
import { channelsRouter } from './channelsRouter';
import { webchatRouter } from './webchatRouter';
import { snippetsRouter } from './snippetsRouter';
import { providerChannelsRouter } from './providerChannelsRouter';
import { workflowsRouter } from './workflowsRouter';
import { contactFieldsRouter, contactsRouter } from './contactsRouter';
import { notificationsRouter } from './notificationsRouter';
import { webhooksRouter } from './webhooksRouter';
import { reportsRouter } from './reportsRouter';
import { slaRouter } from './slaRouter';

export const appRouter = router({
  setup: setupRouter,
  auth: authRouter,
  spaces: spacesRouter,
  members: membersRouter,
  invites: invitesRouter,
  apiTokens: apiTokensRouter,
  conversations: conversationsRouter,
  settings: settingsRouter,
  channels: channelsRouter,
  webchat: webchatRouter,
  snippets: snippetsRouter,
  providerChannels: providerChannelsRouter,
  workflows: workflowsRouter,
  contacts: contactsRouter,
  contactFields: contactFieldsRouter,
  notifications: notificationsRouter,
  webhooks: webhooksRouter,
  reports: reportsRouter,
  sla: slaRouter,
});

export type AppRouter = typeof appRouter;

import { router } from '../trpc/init';
import { apiTokensRouter } from './apiTokens';
import { authRouter } from './auth';
import { invitesRouter } from './invites';
import { membersRouter } from './members';
import { setupRouter } from './setup';
import { spacesRouter } from './spaces';
import { conversationsRouter } from './conversations';
import { settingsRouter } from './settings';
import { channelsRouter } from './channels';
import { webchatRouter } from './webchat';
import { snippetsRouter } from './snippets';
import { providerChannelsRouter } from './providerChannels';
import { workflowsRouter } from './workflows';
import { contactFieldsRouter, contactsRouter } from './contacts';
import { notificationsRouter } from './notifications';

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
});

export type AppRouter = typeof appRouter;

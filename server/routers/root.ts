import { router } from '../trpc/init';
import { apiTokensRouter } from './apiTokens';
import { authRouter } from './auth';
import { invitesRouter } from './invites';
import { membersRouter } from './members';
import { setupRouter } from './setup';
import { spacesRouter } from './spaces';

export const appRouter = router({
  setup: setupRouter,
  auth: authRouter,
  spaces: spacesRouter,
  members: membersRouter,
  invites: invitesRouter,
  apiTokens: apiTokensRouter,
});

export type AppRouter = typeof appRouter;

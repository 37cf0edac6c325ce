import { closingSettingsInput } from '../../shared/schemas/messagesSchema';
import { setClosingSettings } from '../commands/setClosingSettings';
import { closingSettings } from '../db/closingSettings';
import { allowed, memberProcedure, router } from '../trpc/init';

export const settingsRouter = router({
  closing: memberProcedure.query(({ ctx }) => closingSettings.get(ctx.db, ctx.spaceId)),
  setClosing: allowed('settings.manage')
    .input(closingSettingsInput)
    .mutation(({ ctx, input }) => setClosingSettings(ctx, ctx.spaceId, input.policy, input.categories, input.autoCloseHours)),
});

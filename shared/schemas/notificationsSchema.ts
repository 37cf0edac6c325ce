import { z } from 'zod';
import { id, spaceInput } from './commonSchema';

/** At most this many notifications are marked read in one call (the inbox keeps 200). */
export const MARK_READ_MAX = 200;

export const markReadInput = spaceInput.extend({
  ids: z.array(id).min(1, 'Choose a notification').max(MARK_READ_MAX, `At most ${MARK_READ_MAX} notifications at once`),
});

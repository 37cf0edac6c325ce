import { z } from 'zod';
import { WEBHOOK_EVENTS, WEBHOOK_LIMITS } from '../domain/webhooks';
import { id, spaceInput } from './commonSchema';

/** The receiver's address: http(s), no user name or password in it (the signature authenticates Kaon). */
export const webhookUrl = z
  .string()
  .trim()
  .min(1, 'Enter the address Kaon should send events to')
  .max(WEBHOOK_LIMITS.urlMax, `Addresses are at most ${WEBHOOK_LIMITS.urlMax} characters`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return ctx.addIssue({ code: 'custom', message: 'Enter a full address, like https://example.com/kaon-events' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'The address must start with https:// or http://' });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'Leave the user name and password out of the address: Kaon signs every delivery instead' });
  });

const events = z
  .array(z.enum(WEBHOOK_EVENTS, { message: `Events are ${WEBHOOK_EVENTS.join(', ')}` }))
  .min(1, 'Choose at least one event')
  .max(WEBHOOK_EVENTS.length)
  .transform((list) => [...new Set(list)]);

const description = z.string().trim().max(WEBHOOK_LIMITS.descriptionMax, `Descriptions are at most ${WEBHOOK_LIMITS.descriptionMax} characters`).default('');

export const webhookCreateInput = spaceInput.extend({ url: webhookUrl, events, description });
export const webhookUpdateInput = spaceInput.extend({ webhookId: id, url: webhookUrl, events, description, enabled: z.boolean() });
export const webhookEnabledInput = spaceInput.extend({ webhookId: id, enabled: z.boolean() });
export const webhookIdInput = spaceInput.extend({ webhookId: id });
export const webhookDeliveriesInput = spaceInput.extend({ webhookId: id, limit: z.number().int().min(1).max(100).default(50) });

/**
 * Request makers for bench/load.ts: what each request of a load run carries, built per request
 * inside the load process (autocannon's setupRequest), so every one is distinct where Kaon
 * dedupes (a website-chat client id, a WhatsApp message id) and signed where Kaon checks.
 */
import { createHmac } from 'node:crypto';

export type MakerSpec =
  /** webchat.send from `cookies` in turn (one visitor per cookie value), each with a new client id. */
  | { kind: 'webchatSend'; channelKey: string; cookies: string[]; prefix: string; text: string }
  /** Signed WhatsApp Cloud API text webhooks from `customers` phone numbers in turn. */
  | { kind: 'whatsappText'; appSecret: string; phoneNumberId: string; displayPhoneNumber: string; customers: number; prefix: string; text: string };

export interface Made {
  body: string;
  headers: Record<string, string>;
}

/** The phone number of WhatsApp customer `i` (as bench/webhooks.ts's customers write). */
export const customerPhone = (i: number, customers: number) => `1555${String(1_000_000 + (i % customers))}`;

export function maker(spec: MakerSpec): (i: number) => Made {
  switch (spec.kind) {
    case 'webchatSend':
      return (i) => ({
        body: JSON.stringify({ channelKey: spec.channelKey, body: `${spec.text} ${i}`, clientId: `${spec.prefix}-${String(i).padStart(8, "0")}` }),
        headers: { 'content-type': 'application/json', cookie: `kaon_visitor=${spec.cookies[i % spec.cookies.length]}` },
      });
    case 'whatsappText':
      return (i) => {
        const from = customerPhone(i, spec.customers);
        // The shape Meta posts (server/fakes/whatsappCustomer.ts builds the same), signed over the exact bytes.
        const body = JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: '102290129340398',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { display_phone_number: spec.displayPhoneNumber, phone_number_id: spec.phoneNumberId },
                    contacts: [{ profile: { name: `Customer ${i % spec.customers}` }, wa_id: from }],
                    messages: [{ from, id: `wamid.${spec.prefix}.${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: `${spec.text} ${i}` } }],
                  },
                },
              ],
            },
          ],
        });
        const signature = `sha256=${createHmac('sha256', spec.appSecret).update(body).digest('hex')}`;
        return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } };
      };
  }
}

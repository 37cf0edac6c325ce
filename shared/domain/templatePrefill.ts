/**
 * What a WhatsApp template variable can be filled with from the contact, judged by what the
 * variable stands for (its label in Settings → Channels: "Customer name", "First name", "E-mail",
 * or a custom contact field's label). Pure: the template picker pre-fills with it; the agent can
 * still change every value before sending.
 */
export interface PrefillContact {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  company?: string | undefined;
  /** Custom contact field values, by key. */
  fields?: Record<string, string | undefined>;
}

export interface ContactFieldDef {
  key: string;
  label: string;
}

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

// A "name" that is someone else's: the agent's, the business's, a product's.
const NOT_THE_CONTACT = /\b(agent|company|business|brand|shop|store|product|item|team|user ?name|file|event|plan|template)\b/;

/** The value for a variable labelled `label`, or '' when its meaning does not point at the contact. */
export function prefillFromContact(label: string, contact: PrefillContact, fieldDefs: readonly ContactFieldDef[] = []): string {
  const l = words(label);
  if (!l) return '';
  // A custom field named like the variable wins: the space defined exactly that meaning.
  const field = fieldDefs.find((f) => words(f.label) === l || words(f.key) === l);
  if (field) return (contact.fields?.[field.key] ?? '').trim();
  const name = contact.name.trim();
  const parts = name.split(/\s+/).filter(Boolean);
  // The contact's company ("Company", "Company name"); the sender's own business is not the contact's.
  if (/\b(company|organi[sz]ation)\b/.test(l)) return (contact.company ?? '').trim();
  if (/\b(e ?mail|email address)\b/.test(l)) return (contact.email ?? '').trim();
  if (/\b(phone|mobile|whatsapp number|telephone)\b/.test(l)) return (contact.phone ?? '').trim();
  if (NOT_THE_CONTACT.test(l)) return '';
  if (/\b(first|given|fore) ?name\b/.test(l)) return parts[0] ?? '';
  if (/\b(last|family|sur) ?name\b/.test(l)) return parts.length > 1 ? parts.at(-1)! : '';
  if (/\bname\b/.test(l)) return name;
  return '';
}

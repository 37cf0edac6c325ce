/**
 * Snippet variables: `{{contact.firstName}}`, `{{contact.name}}`, `{{agent.name}}`,
 * `{{agent.firstName}}`, `{{space.name}}` and custom contact fields `{{contact.fields.<key>}}`.
 * Pure: the server validates snippet bodies with it, the composer fills them.
 */
/** Files a snippet may carry (the composer attaches them all on insert). */
export const SNIPPET_FILES_MAX = 5;

export const SNIPPET_VARIABLES = ['contact.firstName', 'contact.name', 'agent.name', 'agent.firstName', 'space.name'] as const;

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const CUSTOM_FIELD = /^contact\.fields\.[a-zA-Z][a-zA-Z0-9_]{0,39}$/;

export function isKnownVariable(name: string): boolean {
  return (SNIPPET_VARIABLES as readonly string[]).includes(name) || CUSTOM_FIELD.test(name);
}

/** Variables used in a body, in order of first use. */
export function variablesIn(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]!))];
}

/** Unknown variables in a body (a snippet with one cannot be saved). */
export function unknownVariables(body: string): string[] {
  return variablesIn(body).filter((v) => !isKnownVariable(v));
}

/**
 * Custom contact fields a body uses that the space does not have (`knownKeys`): such a snippet can
 * still be saved (the field may be added later), but every agent would have to fill it by hand.
 */
export function unknownContactFields(body: string, knownKeys: readonly string[]): string[] {
  const known = new Set(knownKeys);
  return variablesIn(body).filter((v) => CUSTOM_FIELD.test(v) && !known.has(v.slice('contact.fields.'.length)));
}

export interface SnippetContext {
  contact: { name: string; fields?: Record<string, string | undefined> };
  agent: { name: string };
  space: { name: string };
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

function valueOf(name: string, ctx: SnippetContext): string {
  switch (name) {
    case 'contact.firstName':
      return firstName(ctx.contact.name);
    case 'contact.name':
      return ctx.contact.name.trim();
    case 'agent.name':
      return ctx.agent.name.trim();
    case 'agent.firstName':
      return firstName(ctx.agent.name);
    case 'space.name':
      return ctx.space.name.trim();
    default:
      return CUSTOM_FIELD.test(name) ? (ctx.contact.fields?.[name.slice('contact.fields.'.length)] ?? '').trim() : '';
  }
}

/**
 * Fills a body. A variable with no value (unknown, or empty for this contact) is left as
 * `{{name}}` and listed in `missing`: the composer shows it and will not send until it is gone.
 */
export function fillSnippet(body: string, ctx: SnippetContext): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = body.replace(VARIABLE, (whole, name: string) => {
    const value = isKnownVariable(name) ? valueOf(name, ctx) : '';
    if (value) return value;
    if (!missing.includes(name)) missing.push(name);
    return `{{${name}}}`;
  });
  return { text, missing };
}

/** Placeholders still in a message about to be sent (never sent as `{{…}}`). */
export function unfilledPlaceholders(text: string): string[] {
  return variablesIn(text);
}

/** Does `query` (what follows `/`) match this snippet? Shortcut prefix first, then name/body words. */
export function snippetMatches(snippet: { name: string; shortcut: string; body: string }, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return snippet.shortcut.toLowerCase().startsWith(q) || snippet.name.toLowerCase().includes(q) || snippet.body.toLowerCase().includes(q);
}

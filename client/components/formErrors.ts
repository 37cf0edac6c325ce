/**
 * A refused form's messages: the per-field ones of the form's own controls (`known`), and the
 * form-level message only when no field took it, so nothing is said twice and nothing is lost
 * (a refusal of a field the form does not show still reaches the person as the form's message).
 */
export function splitErrors(fields: Record<string, string>, known: readonly string[], message: string): { fields: Record<string, string>; message: string | null } {
  const shown = Object.fromEntries(Object.entries(fields).filter(([k]) => known.includes(k)));
  return { fields: shown, message: Object.keys(shown).length ? null : message };
}

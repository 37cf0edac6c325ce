/** Initials for avatars: "Ana María López" → "AL". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return ((parts[0]![0] ?? '') + (parts.length > 1 ? (parts.at(-1)![0] ?? '') : '')).toUpperCase();
}

// Made once: toLocaleDateString with options builds a new formatter on every call, which a thread
// scrolling through thousands of messages pays many times a frame.
const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const SHORT_DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** "now", "5 min", "3 h", "Mon", "12 Mar": short, for dense lists. */
export function relativeTime(at: number, now = Date.now()): string {
  const s = Math.max(0, (now - at) / 1000);
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return (s < 6 * 86400 ? WEEKDAY : SHORT_DATE).format(at);
}

/** The local calendar day of a time, as a number: two times are on the same day when these are equal. */
export function dayKey(at: number): number {
  const d = new Date(at);
  return d.getFullYear() * 10000 + d.getMonth() * 100 + d.getDate();
}

export function dayLabel(at: number, now = Date.now()): string {
  const day = dayKey(at);
  if (day === dayKey(now)) return 'Today';
  if (day === dayKey(now - 86400000)) return 'Yesterday';
  return DAY.format(at);
}

export function clockTime(at: number): string {
  return CLOCK.format(at);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A report's duration in words: "45 s", "10 min", "2 h 30 min", "3 d 4 h" (rounded to the unit shown). */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
  const hours = Math.round(ms / 3_600_000);
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}

/**
 * A count with its noun, singular for exactly one: `plural(1, 'conversation')` → "1 conversation",
 * `plural(2, 'conversation')` → "2 conversations". Irregular nouns pass their plural form.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What each channel kind is called on screen. */
export const CHANNEL_KIND_LABELS: Record<string, string> = { webchat: 'Website chat', whatsapp: 'WhatsApp', telegram: 'Telegram', email: 'E-mail' };

/**
 * True when a channel's name already says its kind ("Website chat" for a website chat,
 * "WhatsApp" for "WhatsApp Business"), so the kind is not shown twice.
 */
export function nameSaysKind(name: string, kindLabel: string): boolean {
  const n = name.trim().toLowerCase();
  const k = kindLabel.toLowerCase();
  return n !== '' && (k === n || k.startsWith(`${n} `));
}

/** "Pricing page · Website chat", but just "Website chat" when the name is the kind's label. */
export function channelLabel(name: string, kindLabel: string): string {
  return nameSaysKind(name, kindLabel) ? name : `${name} · ${kindLabel}`;
}

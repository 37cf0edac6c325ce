/** When a snoozed conversation comes back, in the agent's own time: "Back Wed 2 Dec, 09:00" or "Back when the customer writes". */
export function snoozeReturnText(until: number | null | undefined, now = Date.now()): string {
  if (until === null || until === undefined) return 'Back when the customer writes';
  const date = new Date(until);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const sameDay = new Date(now).toDateString() === date.toDateString();
  if (sameDay) return `Back today at ${time}`;
  return `Back ${date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}, ${time}`;
}

/** The snooze menu's choices, computed in the agent's time zone from `now`. */
export function snoozeChoices(now = Date.now()): Array<{ label: string; until: number | null }> {
  const at = (days: number, hour: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + days);
    d.setHours(hour, 0, 0, 0);
    return d.getTime();
  };
  const today = new Date(now).getDay();
  const toMonday = ((8 - today) % 7) || 7;
  return [
    { label: 'For 1 hour', until: now + 3_600_000 },
    { label: 'For 3 hours', until: now + 3 * 3_600_000 },
    { label: 'Until tomorrow, 09:00', until: at(1, 9) },
    { label: 'Until next Monday, 09:00', until: at(toMonday, 9) },
    { label: 'Until the customer writes', until: null },
  ];
}

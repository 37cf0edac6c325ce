import { createSignal } from 'solid-js';

/**
 * One shared clock for "time left" on screen: a signal that changes on each minute boundary
 * (and when the tab becomes visible again). Readers of it (an SLA badge) update on their own;
 * nothing else re-renders. Started on first read, never more than one timer.
 */
const [now, setNow] = createSignal(Date.now());
let started = false;

function start() {
  if (started || typeof window === 'undefined') return;
  started = true;
  const schedule = () => setTimeout(() => (setNow(Date.now()), schedule()), 60_000 - (Date.now() % 60_000) + 50);
  schedule();
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && setNow(Date.now()));
}

/** The time, as of the last minute boundary (ms). */
export function minuteNow(): number {
  start();
  return now();
}

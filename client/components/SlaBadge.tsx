import { Show } from 'solid-js';
import { SLA_TARGET_LABEL, slaText, type SlaTarget } from '../../shared/domain/sla';
import { AlertIcon, ClockIcon } from './Icons';

export interface SlaFacts {
  target: SlaTarget;
  dueAt: number;
  breached: boolean;
}

/** "First response: 12 min left" / "First response: Breached" (the words a row's name carries). */
export function slaWords(sla: SlaFacts, now: number): string {
  return `${SLA_TARGET_LABEL[sla.target]}: ${slaText(sla.dueAt, now, sla.breached).text}`;
}

/** A queue row's SLA: time left, or "Breached" in the error colour with an alert icon (words, not colour alone). */
export function SlaBadge(props: { sla: SlaFacts; now: number }) {
  const state = () => slaText(props.sla.dueAt, props.now, props.sla.breached);
  return (
    <span class="sla-badge" classList={{ breached: state().breached }} title={slaWords(props.sla, props.now)}>
      <Show when={state().breached} fallback={<ClockIcon size={12} />}>
        <AlertIcon size={12} />
      </Show>
      {state().text}
    </span>
  );
}

/** The back button of a stacked pane on narrow screens (shared/UI.md, Mobile); `label` names where it goes. */
export function PaneBack(props: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="pane-back" aria-label={props.label} onClick={() => props.onClick()}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d="M10 3 5 8l5 5" fill="none" stroke="currentColor" stroke-width="2" />
      </svg>{' '}
      Back
    </button>
  );
}

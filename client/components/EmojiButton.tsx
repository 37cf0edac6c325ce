import { createSignal, onCleanup, Show } from 'solid-js';
import dataSource from 'emoji-picker-element-data/en/emojibase/data.json?url';
import { SmileIcon } from './Icons';

/**
 * The emoji picker (emoji-picker-element, a maintained web component), loaded on first use and
 * fed its data from Kaon's own server (no CDN: it works offline and on closed networks).
 */
export function EmojiButton(props: { onPick: (emoji: string) => void }) {
  const [open, setOpen] = createSignal(false);
  let holder: HTMLDivElement | undefined;
  let button: HTMLButtonElement | undefined;

  const close = () => {
    setOpen(false);
    button?.focus();
  };

  const toggle = async () => {
    if (open()) return close();
    setOpen(true);
    const { Picker } = await import('emoji-picker-element');
    if (!holder || holder.firstChild) return;
    const picker = new Picker({ dataSource });
    picker.addEventListener('emoji-click', (event) => {
      const unicode = (event as unknown as CustomEvent<{ unicode?: string }>).detail.unicode;
      if (unicode) props.onPick(unicode);
      setOpen(false);
    });
    holder.appendChild(picker);
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open()) close();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));

  return (
    <span class="emoji">
      <button type="button" ref={button} aria-label="Insert emoji" aria-expanded={open()} onClick={() => void toggle()}>
        <SmileIcon size={18} />
      </button>
      <Show when={open()}>
        <div class="popover emoji-popover" ref={holder} role="dialog" aria-label="Emoji picker" />
      </Show>
    </span>
  );
}

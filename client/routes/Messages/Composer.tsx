import { createSignal, onCleanup, Show } from 'solid-js';
import { MESSAGE_LIMITS } from '../../../shared/domain/messageLimits';
import type { FileRef } from '../../../shared/sync/shapes';
import { AttachmentList, createAttachments } from '../../components/Attachments';
import { EmojiButton } from '../../components/EmojiButton';

/** Message box: Enter sends, Shift+Enter starts a new line; emoji; files by button, drop or paste; Send. */
export function Composer(props: {
  onSend: (body: string, files: FileRef[]) => void;
  uploadUrl: string;
  disabledReason?: string | null;
  ref?: (el: HTMLTextAreaElement) => void;
}) {
  const [text, setText] = createSignal('');
  const [dragging, setDragging] = createSignal(false);
  const attachments = createAttachments(() => props.uploadUrl);
  let box: HTMLTextAreaElement | undefined;
  let picker: HTMLInputElement | undefined;

  const canSend = () => !props.disabledReason && !attachments.busy() && (text().trim() !== '' || attachments.ready().length > 0);
  const send = () => {
    if (!canSend()) return;
    props.onSend(text().trim(), attachments.ready());
    setText('');
    attachments.clear();
    box?.focus();
  };
  const handleDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer?.files.length) attachments.add(event.dataTransfer.files);
  };
  const handlePaste = (event: ClipboardEvent) => {
    const files = event.clipboardData?.files;
    if (files && files.length > 0) {
      event.preventDefault();
      attachments.add(files);
    }
  };

  const handleKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const insert = (emoji: string) => {
    if (!box) return;
    const start = box.selectionStart ?? text().length;
    const end = box.selectionEnd ?? start;
    setText(text().slice(0, start) + emoji + text().slice(end));
    queueMicrotask(() => {
      box!.focus();
      box!.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  onCleanup(() => setText(''));

  return (
    <form
      class="composer"
      classList={{ dragging: dragging() }}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={handleDrop}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <Show when={props.disabledReason}>
        <p class="muted">{props.disabledReason}</p>
      </Show>
      <label for="composer-message" class="sr-only">
        Message
      </label>
      <textarea
        id="composer-message"
        ref={(el) => {
          box = el;
          props.ref?.(el);
        }}
        placeholder="Write a reply… (Enter sends, Shift+Enter for a new line)"
        rows={3}
        maxLength={MESSAGE_LIMITS.bodyMax}
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={handleKeyDown}
        onPaste={handlePaste}
      />
      <AttachmentList store={attachments} />
      <div class="composer-actions">
        <EmojiButton onPick={insert} />
        <input
          ref={picker}
          type="file"
          multiple
          class="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            if (e.currentTarget.files) attachments.add(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
        <button type="button" onClick={() => picker?.click()}>
          Attach file
        </button>
        <span class="spacer" />
        <button type="submit" class="primary" disabled={!canSend()}>
          Send
        </button>
      </div>
    </form>
  );
}

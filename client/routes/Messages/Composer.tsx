import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import { MESSAGE_LIMITS } from '../../../shared/domain/messageLimits';
import type { FileRef } from '../../../shared/sync/shapes';
import { AttachmentList } from '../../components/Attachments';
import { createAttachments } from '../../stores/attachmentsStore';
import { EmojiButton } from '../../components/EmojiButton';
import { fillSnippet, snippetMatches, unfilledPlaceholders, type SnippetContext } from '../../../shared/domain/snippetRules';
import { SnippetPicker, type PickerSnippet } from './SnippetPicker';
import { AttachFileButton } from '../../components/AttachFileButton';
import { CcLine } from '../../components/CcLine';
import type { ReplyCc } from '../../stores/replyCcStore';

/**
 * Message box: Enter sends, Shift+Enter starts a new line (for e-mail, `mail`: Enter starts a new
 * line and Ctrl/Cmd+Enter sends, as in a mail client); emoji; files by button, drop or paste; Send.
 */
export function Composer(props: {
  onSend: (body: string, files: FileRef[]) => void;
  uploadUrl: string;
  snippets: PickerSnippet[];
  snippetContext: SnippetContext;
  disabledReason?: string | null;
  /** A saved draft to start from (undefined while it loads); adopted until the member types. */
  initialText?: string;
  /** Every change of the text (typing, snippet, emoji; '' after sending), e.g. to save the draft. */
  onTextChange?: (text: string) => void;
  ref?: (el: HTMLTextAreaElement) => void;
  /** The conversation is e-mail: Enter makes a new line, Ctrl/Cmd+Enter sends. */
  mail?: boolean;
  /** An e-mail reply's Cc line (shown above the message box, sent with it). */
  cc?: ReplyCc | undefined;
}) {
  const [text, setLocalText] = createSignal('');
  let typed = false;
  const setText = (next: string) => {
    typed = true;
    setLocalText(next);
    props.onTextChange?.(next);
  };
  createEffect(on(() => props.initialText, (draft) => {
    if (!typed && draft !== undefined) setLocalText(draft);
  }));
  const [dragging, setDragging] = createSignal(false);
  const attachments = createAttachments(() => props.uploadUrl);
  let box: HTMLTextAreaElement | undefined;

  // `/query` right before the caret opens the snippet list.
  const [slash, setSlash] = createSignal<{ start: number; query: string } | null>(null);
  const [active, setActive] = createSignal(0);
  const matches = () => {
    const s = slash();
    return s ? props.snippets.filter((snippet) => snippetMatches(snippet, s.query)).slice(0, 8) : [];
  };
  const placeholders = () => unfilledPlaceholders(text());
  const detectSlash = (el: HTMLTextAreaElement) => {
    const before = el.value.slice(0, el.selectionStart ?? el.value.length);
    const m = /(^|\s)\/([\w-]*)$/.exec(before);
    setSlash(m ? { start: before.length - m[2]!.length - 1, query: m[2]! } : null);
    setActive(0);
  };
  const pick = (snippet: PickerSnippet) => {
    const s = slash();
    if (!s || !box) return;
    const filled = fillSnippet(snippet.body, props.snippetContext).text;
    const end = s.start + 1 + s.query.length;
    const next = text().slice(0, s.start) + filled + text().slice(end);
    setText(next);
    attachments.addUploaded(snippet.files);
    setSlash(null);
    queueMicrotask(() => {
      box!.focus();
      box!.setSelectionRange(s.start + filled.length, s.start + filled.length);
    });
  };

  const canSend = () =>
    !props.disabledReason &&
    !props.cc?.error() && !attachments.busy() && placeholders().length === 0 && (text().trim() !== '' || attachments.ready().length > 0);
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
    if (slash()) {
      const n = matches().length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (n) setActive((active() + (event.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && n) {
        event.preventDefault();
        pick(matches()[active()]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setSlash(null);
        return;
      }
    }
    if (event.key !== 'Enter' || event.isComposing) return;
    if (props.mail ? event.ctrlKey || event.metaKey : !event.shiftKey) {
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

  onCleanup(() => setLocalText(''));

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
      <Show when={props.mail && props.cc}>
        {(cc) => <CcLine addresses={cc().list()} error={cc().error()} onAdd={(t) => cc().add(t)} onRemove={(a) => cc().remove(a)} onEdit={() => cc().clearError()} />}
      </Show>
      <label for="composer-message" class="sr-only">
        Message
      </label>
      <Show when={props.mail}>
        <p id="composer-mail-hint" class="muted composer-hint">
          E-mail: Enter makes a new line; Ctrl+Enter (Cmd+Enter on a Mac) sends.
        </p>
      </Show>
      <textarea
        id="composer-message"
        ref={(el) => {
          box = el;
          props.ref?.(el);
        }}
        placeholder={props.mail ? 'Write an e-mail reply… (Ctrl+Enter sends, Enter for a new line)' : 'Write a reply… (Enter sends, Shift+Enter for a new line)'}
        aria-describedby={props.mail ? 'composer-mail-hint' : undefined}
        rows={3}
        maxLength={MESSAGE_LIMITS.bodyMax}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value);
          detectSlash(e.currentTarget);
        }}
        onKeyDown={handleKeyDown}
        onBlur={() => setSlash(null)}
        aria-controls={slash() ? 'snippet-listbox' : undefined}
        aria-autocomplete="list"
        aria-activedescendant={slash() && matches().length ? `snippet-option-${active()}` : undefined}
        onPaste={handlePaste}
      />
      <Show when={slash()}>
        <SnippetPicker items={matches()} active={active()} onPick={pick} />
      </Show>
      <Show when={placeholders().length > 0}>
        <p class="placeholder-warning" role="alert">
          Fill in {placeholders().map((p) => `{{${p}}}`).join(', ')} before sending — this contact has no value for it.
        </p>
      </Show>
      <AttachmentList store={attachments} />
      <div class="composer-actions">
        <EmojiButton onPick={insert} />
        <AttachFileButton onFiles={(files) => attachments.add(files)} />
        <span class="spacer" />
        <button type="submit" class="primary" disabled={!canSend()}>
          Send
        </button>
      </div>
    </form>
  );
}

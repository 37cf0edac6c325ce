import { For, Show } from 'solid-js';
import type { AttachmentsStore } from '../stores/attachmentsStore';
import { fileSize } from './format';
import { FileIcon } from './Icons';

/** Files being attached to a message: upload progress, errors in words, remove. */
export function AttachmentList(props: { store: AttachmentsStore }) {
  return (
    <Show when={props.store.uploads.length > 0}>
      <ul class="uploads" aria-label="Attached files">
        <For each={props.store.uploads}>
          {(u) => (
            <li classList={{ error: Boolean(u.error) }}>
              <span class="upload-name">
                <FileIcon /> {u.name}
              </span> <span class="muted">{fileSize(u.size)}</span>
              <Show when={!u.file && !u.error}>
                <progress max="1" value={u.progress} aria-label={`Uploading ${u.name}`} />
              </Show>
              <Show when={u.error}>
                <span role="alert" class="form-error">
                  {u.error}
                </span>
              </Show>
              <button type="button" class="link" aria-label={`Remove ${u.name}`} onClick={() => props.store.remove(u.key)}>
                Remove
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

import { For, Show } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import type { FileRef } from '../../shared/sync/shapes';
import { uploadFile } from '../api/upload';
import { fileSize } from './format';

interface Upload {
  key: string;
  name: string;
  size: number;
  progress: number;
  file: FileRef | null;
  error: string | null;
  cancel: () => void;
}

/** Files being attached to a message: upload progress, errors in words, remove. */
export function createAttachments(uploadUrl: () => string) {
  const [uploads, setUploads] = createStore<Upload[]>([]);
  let n = 0;
  const add = (files: Iterable<File>) => {
    for (const file of files) {
      const key = `u${++n}`;
      const { promise, cancel } = uploadFile(uploadUrl(), file, (p) => setUploads((u) => u.key === key, 'progress', p));
      setUploads(uploads.length, { key, name: file.name, size: file.size, progress: 0, file: null, error: null, cancel });
      promise.then(
        (ref) => setUploads((u) => u.key === key, produce((u) => ((u.file = ref), (u.progress = 1)))),
        (err: Error) => setUploads((u) => u.key === key, 'error', err.message),
      );
    }
  };
  /** Files already on the server (a snippet's): shown as attached at once; a file already in the list is not added twice. */
  const addUploaded = (files: readonly FileRef[]) => {
    for (const file of files) {
      if (uploads.some((u) => u.file?.id === file.id)) continue;
      setUploads(uploads.length, { key: `u${++n}`, name: file.name, size: file.size, progress: 1, file: { ...file }, error: null, cancel: () => {} });
    }
  };
  const remove = (key: string) => {
    uploads.find((u) => u.key === key)?.cancel();
    setUploads((list) => list.filter((u) => u.key !== key));
  };
  return {
    uploads,
    add,
    addUploaded,
    remove,
    busy: () => uploads.some((u) => !u.file && !u.error),
    ready: () => uploads.filter((u) => u.file).map((u) => u.file!),
    clear: () => setUploads([]),
  };
}

export type AttachmentsStore = ReturnType<typeof createAttachments>;

export function AttachmentList(props: { store: AttachmentsStore }) {
  return (
    <Show when={props.store.uploads.length > 0}>
      <ul class="uploads" aria-label="Attached files">
        <For each={props.store.uploads}>
          {(u) => (
            <li classList={{ error: Boolean(u.error) }}>
              <span class="upload-name">📎 {u.name}</span> <span class="muted">{fileSize(u.size)}</span>
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

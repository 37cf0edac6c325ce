import { createStore, produce } from 'solid-js/store';
import type { FileRef } from '../../shared/sync/shapes';
import { uploadFile } from '../api/upload';

interface Upload {
  key: string;
  name: string;
  size: number;
  progress: number;
  file: FileRef | null;
  error: string | null;
  cancel: () => void;
}

/** Files being attached to a message as they upload: progress, errors in words, remove, and the ones ready to send. */
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

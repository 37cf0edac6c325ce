import type { FileRef } from '../../shared/sync/shapes';

/**
 * Uploads one file with progress (fetch cannot report upload progress; XHR can). Resolves to the
 * stored file, or rejects with the server's words ("This file is too large: the limit is 25 MB…").
 */
export function uploadFile(url: string, file: File, onProgress: (fraction: number) => void): { promise: Promise<FileRef>; cancel: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<FileRef>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { error?: string } & Partial<FileRef> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: handled below */
      }
      if (xhr.status === 201 && body.id) resolve(body as FileRef);
      else reject(new Error(body.error ?? `Upload failed (${xhr.status}). Try again.`));
    };
    xhr.onerror = () => reject(new Error('Upload failed: Kaon could not be reached. Try again when you are back online.'));
    xhr.onabort = () => reject(new Error('Upload cancelled.'));
    xhr.send(file);
  });
  return { promise, cancel: () => xhr.abort() };
}

import { createSignal, For, Show } from 'solid-js';
import { SNIPPET_FILES_MAX, SNIPPET_VARIABLES, unknownContactFields } from '../../../shared/domain/snippetRules';
import type { FileRef } from '../../../shared/sync/shapes';
import { errorText, fieldErrors } from '../../stores/errors';
import { AttachmentList } from '../../components/Attachments';
import { createAttachments } from '../../stores/attachmentsStore';
import { createContactFieldsResource } from '../../stores/contactFieldsStore';
import { Field, focusOnInvalid, FormError } from '../../components/Field';
import { fileSize } from '../../components/format';
import { createSnippet, createSnippetsResource, deleteSnippet, updateSnippet } from '../../stores/snippetsStore';
import { useSpace } from '../../stores/space';
import { AttachFileButton } from '../../components/AttachFileButton';

type Snippet = { id: string; name: string; shortcut: string; body: string; files: FileRef[] };

/** The Snippets module: everyone sees and uses them; owners and managers edit them. */
export function SnippetsScreen() {
  const space = useSpace();
  const [list, refetch] = createSnippetsResource();
  const [editing, setEditing] = createSignal<Snippet | 'new' | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const canEdit = () => space.can('snippets.manage');

  const handleDelete = async (s: Snippet) => {
    setError(null);
    try {
      await deleteSnippet(space.spaceId(), s.id);
      await refetch();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <main class="module" aria-labelledby="module-title">
      <h1 id="module-title">Snippets</h1>
      <p class="muted">
        Saved replies. In the composer, type <kbd>/</kbd> and a shortcut to insert one; its variables are filled for the contact.
      </p>
      <Show when={!canEdit()}>
        <p class="muted">Only owners and managers can create or edit snippets.</p>
      </Show>
      <Show when={canEdit() && editing() === null}>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          New snippet
        </button>
      </Show>
      {/* keyed: the editor is rebuilt per snippet and never reads a value that is already gone */}
      <Show when={editing()} keyed>
        {(current) => (
          <SnippetEditor
            snippet={current === 'new' ? null : current}
            onDone={() => {
              setEditing(null);
              void refetch();
            }}
          />
        )}
      </Show>
      <FormError message={error()} />
      <Show when={(list()?.length ?? 0) > 0} fallback={<p class="muted">No snippets yet.</p>}>
        <ul class="snippet-list" aria-label="Snippets">
          <For each={list()}>
            {(s) => (
              <li class="card">
                <h2>
                  {s.name} <code>/{s.shortcut}</code>
                </h2>
                <p class="snippet-body">{s.body}</p>
                <Show when={s.files.length > 0}>
                  <ul class="snippet-files" aria-label={`Files of ${s.name}`}>
                    <For each={s.files}>
                      {(f) => (
                        <li>
                          <a href={`/files/${f.id}?download`}>
                            <svg class="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                              <path d="M10.5 4.5 5.8 9.2a1.3 1.3 0 0 0 1.9 1.9l5-5a2.7 2.7 0 0 0-3.8-3.8l-5 5a4 4 0 0 0 5.7 5.7l4.2-4.2" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
                            </svg>{' '}
                            {f.name}
                          </a> <span class="muted">{fileSize(f.size)}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Show when={canEdit()}>
                  <div class="row">
                    <button type="button" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s)}>
                      Edit
                    </button>
                    <button type="button" class="danger" aria-label={`Delete ${s.name}`} onClick={() => void handleDelete(s)}>
                      Delete
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </main>
  );
}

function SnippetEditor(props: { snippet: Snippet | null; onDone: () => void }) {
  const space = useSpace();
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  let formEl: HTMLFormElement | undefined;
  focusOnInvalid(() => formEl, fields);
  const attachments = createAttachments(() => `/files?spaceId=${space.spaceId()}`);
  attachments.addUploaded(props.snippet?.files ?? []);
  const full = () => attachments.uploads.length >= SNIPPET_FILES_MAX;
  const [contactFields] = createContactFieldsResource();
  // Contact fields the text uses that the space does not have: warned about once per text, then saved as asked.
  const [unknownFields, setUnknownFields] = createSignal<{ body: string; names: string[] } | null>(null);

  const handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setError(null);
    setFields({});
    if (attachments.busy()) return setError('Wait for the files to finish uploading, then save.');
    if (attachments.uploads.some((u) => u.error)) return setError('Remove the files that could not be uploaded, then save.');
    const values = {
      name: String(form.get('name')),
      shortcut: String(form.get('shortcut')),
      body: String(form.get('body')),
      fileIds: attachments.ready().map((f) => f.id),
    };
    const known = contactFields();
    const unknown = known ? unknownContactFields(values.body, known.map((f) => f.key)) : [];
    if (unknown.length > 0 && unknownFields()?.body !== values.body) {
      setUnknownFields({ body: values.body, names: unknown });
      return;
    }
    try {
      if (props.snippet) await updateSnippet(space.spaceId(), props.snippet.id, values);
      else await createSnippet(space.spaceId(), values);
      props.onDone();
    } catch (err) {
      setFields(fieldErrors(err));
      setError(errorText(err));
    }
  };

  return (
    <form ref={formEl} class="card snippet-editor" aria-label={props.snippet ? `Edit ${props.snippet.name}` : 'New snippet'} onSubmit={handleSubmit} novalidate>
      <Field label="Name" name="name" required value={props.snippet?.name ?? ''} error={fields().name} />
      <Field label="Shortcut" name="shortcut" required value={props.snippet?.shortcut ?? ''} hint="Type / and this in the composer." error={fields().shortcut} />
      <div class="field">
        <label for="snippet-body">Text</label>
        <textarea id="snippet-body" name="body" rows={5} required aria-describedby="snippet-vars" aria-invalid={fields().body ? 'true' : undefined}>
          {props.snippet?.body ?? ''}
        </textarea>
        <small id="snippet-vars" classList={{ error: Boolean(fields().body) }}>
          {fields().body ?? `Variables: ${SNIPPET_VARIABLES.map((v) => `{{${v}}}`).join(' ')} {{contact.fields.<key>}}`}
        </small>
      </div>
      <div class="field">
        <AttachmentList store={attachments} />
        <div class="row">
          <AttachFileButton
            disabled={full()}
            describedBy="snippet-files-hint"
            onFiles={(files) => attachments.add(files.slice(0, SNIPPET_FILES_MAX - attachments.uploads.length))}
          />
          <small id="snippet-files-hint" class="muted">
            {full() ? `A snippet carries at most ${SNIPPET_FILES_MAX} files.` : 'Attached to the message when an agent inserts this snippet.'}
          </small>
        </div>
        <Show when={fields().fileIds}>
          <small class="error">{fields().fileIds}</small>
        </Show>
      </div>
      <Show when={unknownFields()}>
        {(u) => (
          <div class="warning-box" role="alert">
            <p>
              {u().names.length === 1 ? 'This contact field does not exist' : 'These contact fields do not exist'} in this space:{' '}
              {u().names.map((n) => `{{${n}}}`).join(', ')}. No contact has a value for {u().names.length === 1 ? 'it' : 'them'}, so agents
              will have to type it in each time. Add {u().names.length === 1 ? 'it' : 'them'} in Settings → Contact fields, or save anyway.
            </p>
            <button type="submit">Save anyway</button>
          </div>
        )}
      </Show>
      <FormError message={Object.keys(fields()).length ? null : error()} />
      <div class="row">
        <button type="submit" class="primary">
          Save snippet
        </button>
        <button type="button" onClick={() => props.onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

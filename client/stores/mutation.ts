import { createSignal } from 'solid-js';
import { errorText, fieldErrors } from '../api/trpc';

export type PerField = 'instead' | 'as well';

export interface MutationOptions {
  /** Runs after every attempt, whether it worked or not (e.g. refetch the list it changed). */
  after?: () => unknown;
  /** Sees each failure first (e.g. resync a doc after a CONFLICT). */
  onError?: (err: unknown) => void;
  /** Per-field messages of a refused form go to `fields()`: instead of the message in `error()`, or as well. */
  perField?: PerField;
}

/**
 * How a screen runs its changes: `run(fn, done?, perField?)` clears the last outcome, awaits
 * `fn`, then says what went wrong in words (`error()`, and per field in `fields()`) or what was
 * done (`notice()`), and resolves whether it worked. `pending()` is true while a change is under way.
 */
export function createMutation(options: MutationOptions = {}) {
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [running, setRunning] = createSignal(0);

  async function run(fn: () => Promise<unknown>, done?: string, perField = options.perField): Promise<boolean> {
    setError(null);
    setNotice(null);
    setFields({});
    setRunning((n) => n + 1);
    let ok = false;
    try {
      await fn();
      ok = true;
      if (done) setNotice(done);
    } catch (err) {
      const byField = perField ? fieldErrors(err) : {};
      setFields(byField);
      if (perField !== 'instead' || Object.keys(byField).length === 0) setError(errorText(err));
      options.onError?.(err);
    } finally {
      setRunning((n) => n - 1);
    }
    try {
      await options.after?.();
    } catch (err) {
      setError(errorText(err));
    }
    return ok;
  }

  return {
    run,
    error,
    notice,
    fields,
    pending: () => running() > 0,
    /** Shows a problem found before anything was sent (a form checked in the browser). */
    fail: (message: string | null, perField: Record<string, string> = {}) => {
      setNotice(null);
      setError(message);
      setFields(perField);
    },
  };
}

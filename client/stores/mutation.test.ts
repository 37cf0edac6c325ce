import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createMutation } from './mutation';

describe('createMutation', () => {
  it('says what was done, or what went wrong in words, and runs `after` either way', async () => {
    let refetched = 0;
    const m = createRoot(() => createMutation({ after: () => refetched++ }));
    const running = m.run(() => Promise.resolve(), 'Saved.');
    expect(m.pending()).toBe(true);
    expect(await running).toBe(true);
    expect(m.pending()).toBe(false);
    expect([m.notice(), m.error()]).toEqual(['Saved.', null]);

    expect(await m.run(() => Promise.reject(new Error('That name is taken.')), 'Saved.')).toBe(false);
    expect([m.notice(), m.error()]).toEqual([null, 'That name is taken.']);
    expect(refetched).toBe(2);
  });

  it('hands each failure to onError, and a check made before sending shows like one', async () => {
    const seen: unknown[] = [];
    const m = createRoot(() => createMutation({ onError: (err) => seen.push(err) }));
    const err = new Error('Stale');
    await m.run(() => Promise.reject(err));
    expect(seen).toEqual([err]);
    m.fail('Choose a template first.', { key: 'Required' });
    expect([m.error(), m.fields()]).toEqual(['Choose a template first.', { key: 'Required' }]);
    await m.run(() => Promise.resolve());
    expect([m.error(), m.fields()]).toEqual([null, {}]);
  });
});

import { describe, expect, it } from 'vitest';
import { advancesStatus, checkTemplateValues, renderTemplate, templateVariables, windowState, WHATSAPP_WINDOW_MS, WINDOW_CLOSED_MESSAGE } from './providers';

const T = Date.UTC(2030, 0, 1);

describe('windowState', () => {
  it.each([
    { what: 'website chat has no window', kind: 'webchat', last: null, now: T, allowed: true, closesAt: null },
    { what: 'telegram has no window', kind: 'telegram', last: T - 10 * WHATSAPP_WINDOW_MS, now: T, allowed: true, closesAt: null },
    { what: 'whatsapp, never written', kind: 'whatsapp', last: null, now: T, allowed: false, closesAt: null },
    { what: 'whatsapp, just written', kind: 'whatsapp', last: T, now: T, allowed: true, closesAt: T + WHATSAPP_WINDOW_MS },
    { what: 'whatsapp, 1 ms before closing', kind: 'whatsapp', last: T, now: T + WHATSAPP_WINDOW_MS - 1, allowed: true, closesAt: T + WHATSAPP_WINDOW_MS },
    { what: 'whatsapp, exactly 24 h later', kind: 'whatsapp', last: T, now: T + WHATSAPP_WINDOW_MS, allowed: false, closesAt: T + WHATSAPP_WINDOW_MS },
  ])('$what', ({ kind, last, now, allowed, closesAt }) => {
    const state = windowState(kind, last, now);
    expect(state).toEqual({ freeFormAllowed: allowed, closesAt, reason: allowed ? null : WINDOW_CLOSED_MESSAGE });
  });
});

describe('templates', () => {
  it.each([
    { body: 'Hello there', count: 0, error: null },
    { body: 'Hi {{1}}, order {{2}} shipped', count: 2, error: null },
    { body: 'Hi {{ 1 }} and {{1}} again', count: 1, error: null },
    { body: 'Hi {{2}}', count: 1, error: 'Variables must be numbered {{1}} to {{1}} without gaps' },
    { body: '{{1}} {{3}}', count: 2, error: 'Variables must be numbered {{1}} to {{2}} without gaps' },
  ])('templateVariables($body)', ({ body, count, error }) => {
    expect(templateVariables(body)).toEqual({ count, error });
  });

  it.each([
    { body: 'Hi {{1}}, order {{2}} shipped', values: ['Asha', 'ORD-1'], text: 'Hi Asha, order ORD-1 shipped', problem: null },
    { body: 'Hi {{1}}', values: [], text: 'Hi {{1}}', problem: 'This template needs 1 value, got 0' },
    { body: 'Hi {{1}} {{2}}', values: ['a', ' '], text: 'Hi a  ', problem: 'Fill in {{2}}' },
    { body: 'No variables', values: ['x'], text: 'No variables', problem: 'This template needs 0 values, got 1' },
  ])('renderTemplate / checkTemplateValues($body, $values)', ({ body, values, text, problem }) => {
    expect(renderTemplate(body, values)).toBe(text);
    expect(checkTemplateValues(body, values)).toBe(problem);
  });
});

describe('advancesStatus', () => {
  it.each([
    ['pending', 'sent', true],
    ['pending', 'read', true],
    ['sent', 'delivered', true],
    ['delivered', 'read', true],
    ['read', 'delivered', false],
    ['delivered', 'sent', false],
    ['read', 'read', false],
    ['pending', 'failed', true],
    ['sent', 'failed', true],
    ['delivered', 'failed', false],
    ['failed', 'delivered', false],
    ['received', 'read', false],
    ['sent', 'bogus', false],
  ])('%s → %s: %s', (current, incoming, expected) => {
    expect(advancesStatus(current, incoming)).toBe(expected);
  });
});

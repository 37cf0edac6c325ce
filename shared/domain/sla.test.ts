import { describe, expect, it } from 'vitest';
import { businessClock } from './reportMetrics';
import { addBusinessTime, attainment, durationText, policyFor, slaDues, slaPolicyRefusal, slaText, slaWatch, type SlaAnchors, type SlaPolicy } from './sla';
import type { BusinessHours } from './workflowTypes';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const weekdays = (ranges: Array<[string, string]>): BusinessHours['days'] => ({ 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges });
const berlin: BusinessHours = { timeZone: 'Europe/Berlin', days: weekdays([['09:00', '17:00']]) };
const policy = (p: Partial<SlaPolicy> = {}): SlaPolicy => ({
  id: 'p',
  name: 'Standard',
  enabled: true,
  firstResponseMin: 60,
  nextResponseMin: 30,
  resolutionMin: 24 * 60,
  businessHours: false,
  channelIds: [],
  tags: [],
  ...p,
});
const anchors = (a: Partial<SlaAnchors> = {}): SlaAnchors => ({ openedAt: at('2030-01-07T10:00Z'), firstStart: null, firstDone: null, nextStart: null, resolutionDone: null, ...a });

describe('addBusinessTime', () => {
  // 2030-01-07 is a Monday; Berlin is UTC+1 in January. 2030-03-31 (Sunday) and 2030-10-27 (Sunday) are Berlin's DST days.
  it.each<{ what: string; hours: BusinessHours | null; start: string; minutes: number; due: string | null }>([
    { what: 'no hours: calendar time', hours: null, start: '2030-01-05T03:00Z', minutes: 90, due: '2030-01-05T04:30Z' },
    { what: 'inside the hours, fits the day', hours: berlin, start: '2030-01-07T09:00Z', minutes: 60, due: '2030-01-07T10:00Z' },
    { what: 'before the hours: counts from the opening (09:00 Berlin = 08:00Z)', hours: berlin, start: '2030-01-07T05:00Z', minutes: 30, due: '2030-01-07T08:30Z' },
    { what: 'after the hours: the next morning', hours: berlin, start: '2030-01-07T18:00Z', minutes: 15, due: '2030-01-08T08:15Z' },
    { what: 'crosses the evening into the next day', hours: berlin, start: '2030-01-07T15:30Z', minutes: 60, due: '2030-01-08T08:30Z' },
    { what: 'Friday evening: Monday morning', hours: berlin, start: '2030-01-11T15:45Z', minutes: 30, due: '2030-01-14T08:15Z' },
    { what: 'a weekend message: Monday', hours: berlin, start: '2030-01-12T12:00Z', minutes: 60, due: '2030-01-14T09:00Z' },
    { what: 'exactly a business day', hours: berlin, start: '2030-01-07T08:00Z', minutes: 480, due: '2030-01-07T16:00Z' },
    { what: 'a business day and a minute', hours: berlin, start: '2030-01-07T08:00Z', minutes: 481, due: '2030-01-08T08:01Z' },
    // The Monday after spring-forward: Berlin is UTC+2, so 09:00 is 07:00Z.
    { what: 'after spring-forward the day starts an hour earlier in UTC', hours: berlin, start: '2030-03-29T15:30Z', minutes: 60, due: '2030-04-01T07:30Z' },
    { what: 'a 24-hour Sunday on its DST day counts 23 real hours', hours: { timeZone: 'Europe/Berlin', days: { 0: [['00:00', '24:00']] } }, start: '2030-03-30T23:00Z', minutes: 23 * 60, due: '2030-03-31T22:00Z' },
    { what: 'fall-back Sunday has 25 hours', hours: { timeZone: 'Europe/Berlin', days: { 0: [['00:00', '24:00']] } }, start: '2030-10-26T22:00Z', minutes: 25 * 60, due: '2030-10-27T23:00Z' },
    { what: 'hours that never open: never due', hours: { timeZone: 'UTC', days: {} }, start: '2030-01-07T10:00Z', minutes: 10, due: null },
    { what: 'malformed ranges are ignored', hours: { timeZone: 'UTC', days: { 1: [['9', '17:00'], ['10:00', '11:00']] } }, start: '2030-01-07T09:00Z', minutes: 30, due: '2030-01-07T10:30Z' },
  ])('$what', ({ hours, start, minutes, due }) => {
    expect(addBusinessTime(hours, at(start), minutes * MIN)).toBe(due === null ? null : at(due));
  });

  it('agrees with the reports’ business clock: the business time from start to due is the target', () => {
    const hours: BusinessHours = { timeZone: 'America/New_York', days: { ...weekdays([['08:00', '12:00'], ['13:00', '18:30']]), 6: [['10:00', '14:00']] } };
    for (let i = 0; i < 60; i++) {
      const start = at('2030-03-01T00:00Z') + i * 7_919 * MIN;
      const ms = ((i * 37) % 900) * MIN + MIN;
      const due = addBusinessTime(hours, start, ms)!;
      expect(businessClock(hours, start, due).between(start, due)).toBe(ms);
    }
  });
});

describe('policyFor', () => {
  const chat = policy({ id: 'chat', channelIds: ['c-chat'] });
  const vip = policy({ id: 'vip', tags: ['VIP'] });
  const off = policy({ id: 'off', enabled: false });
  const all = policy({ id: 'all' });
  it.each<{ what: string; list: SlaPolicy[]; channelId: string; tags: string[]; id: string | null }>([
    { what: 'no policies: none', list: [], channelId: 'c-chat', tags: [], id: null },
    { what: 'a disabled policy never applies', list: [off], channelId: 'c-chat', tags: [], id: null },
    { what: 'the first match in order wins', list: [vip, chat, all], channelId: 'c-chat', tags: ['vip'], id: 'vip' },
    { what: 'tags match without case', list: [vip, all], channelId: 'c-mail', tags: ['Vip'], id: 'vip' },
    { what: 'a channel condition leaves other channels out', list: [chat], channelId: 'c-mail', tags: [], id: null },
    { what: 'falls through to the catch-all', list: [off, vip, chat, all], channelId: 'c-mail', tags: ['other'], id: 'all' },
    { what: 'both conditions must hold', list: [policy({ id: 'both', channelIds: ['c-chat'], tags: ['vip'] })], channelId: 'c-chat', tags: [], id: null },
  ])('$what', ({ list, channelId, tags, id }) => {
    expect(policyFor(list, { channelId, tags })?.id ?? null).toBe(id);
  });
});

describe('slaDues and slaWatch', () => {
  const none = { first: null, next: null, resolution: null };
  it('no policy: nothing is due', () => {
    const dues = slaDues(null, null, anchors({ firstStart: at('2030-01-07T10:00Z') }));
    expect(dues).toEqual(none);
    expect(slaWatch(dues, anchors(), none)).toEqual({ shown: null, checkAt: null });
  });
  it('a waiting customer: the first response is shown and watched', () => {
    const a = anchors({ firstStart: at('2030-01-07T10:00Z') });
    const dues = slaDues(policy(), null, a);
    expect(dues).toEqual({ first: at('2030-01-07T11:00Z'), next: null, resolution: at('2030-01-08T10:00Z') });
    expect(slaWatch(dues, a, none)).toEqual({ shown: { target: 'first', dueAt: at('2030-01-07T11:00Z') }, checkAt: at('2030-01-07T11:00Z') });
  });
  it('a breached first response stays shown, and the timer watches the resolution next', () => {
    const a = anchors({ firstStart: at('2030-01-07T10:00Z') });
    const dues = slaDues(policy(), null, a);
    expect(slaWatch(dues, a, { ...none, first: dues.first })).toEqual({ shown: { target: 'first', dueAt: dues.first }, checkAt: dues.resolution });
  });
  it('answered: the resolution is what is left; the customer writes again: the next response', () => {
    const answered = anchors({ firstStart: at('2030-01-07T10:00Z'), firstDone: at('2030-01-07T10:20Z') });
    expect(slaWatch(slaDues(policy(), null, answered), answered, none).shown?.target).toBe('resolution');
    const again = { ...answered, nextStart: at('2030-01-07T12:00Z') };
    expect(slaWatch(slaDues(policy(), null, again), again, none).shown).toEqual({ target: 'next', dueAt: at('2030-01-07T12:30Z') });
  });
  it('closed: nothing is owed', () => {
    const a = anchors({ firstStart: at('2030-01-07T10:00Z'), resolutionDone: at('2030-01-07T10:30Z') });
    expect(slaWatch(slaDues(policy(), null, a), a, none)).toEqual({ shown: null, checkAt: null });
  });
  it('a policy without a target leaves it out; in business hours the due moves past the night', () => {
    const a = anchors({ openedAt: at('2030-01-07T16:30Z'), firstStart: at('2030-01-07T16:30Z') });
    const dues = slaDues(policy({ resolutionMin: null, businessHours: true }), berlin, a);
    expect(dues).toEqual({ first: at('2030-01-08T09:00Z'), next: null, resolution: null });
  });
  it('a changed policy recomputes from the same anchors', () => {
    const a = anchors({ firstStart: at('2030-01-07T10:00Z') });
    expect(slaDues(policy({ firstResponseMin: 15 }), null, a).first).toBe(at('2030-01-07T10:15Z'));
    expect(slaDues(policy({ firstResponseMin: 120 }), null, a).first).toBe(at('2030-01-07T12:00Z'));
  });
  it('business hours on a space without hours count calendar time', () => {
    const a = anchors({ firstStart: at('2030-01-12T10:00Z') });
    expect(slaDues(policy({ businessHours: true }), null, a).first).toBe(at('2030-01-12T11:00Z'));
  });
});

describe('words', () => {
  it.each([
    [30_000, '1 min'],
    [12 * MIN, '12 min'],
    [12 * MIN + 1, '13 min'],
    [60 * MIN, '1 h'],
    [185 * MIN, '3 h 5 min'],
    [52 * 60 * MIN, '2 d 4 h'],
    [48 * 60 * MIN, '2 d'],
  ])('durationText(%i) = %s', (ms, text) => expect(durationText(ms)).toBe(text));
  it('time left, then breached at the due instant (or once recorded)', () => {
    expect(slaText(1_000 + 12 * MIN, 1_000)).toEqual({ text: '12 min left', breached: false });
    expect(slaText(1_000, 1_000)).toEqual({ text: 'Breached', breached: true });
    expect(slaText(1_000 + 12 * MIN, 1_000, true)).toEqual({ text: 'Breached', breached: true });
  });
  it('attainment', () => {
    expect(attainment(0, 0)).toBeNull();
    expect(attainment(2, 3)).toBe(66.7);
    expect(attainment(5, 5)).toBe(100);
  });
});

describe('slaPolicyRefusal', () => {
  type Input = Parameters<typeof slaPolicyRefusal>[0];
  const base: Input = { name: 'Standard', firstResponseMin: 60, nextResponseMin: null, resolutionMin: null, channelIds: [], tags: [] };
  it.each<[string, Partial<Input>, string | null]>([
    ['fine', {}, null],
    ['blank name', { name: '   ' }, 'Give the policy a name.'],
    ['no target', { firstResponseMin: null }, 'Set at least one target: first response, next response or resolution.'],
    ['zero minutes', { firstResponseMin: 0 }, 'Each target is a whole number of minutes, from 1 to 527040 (a year).'],
    ['fractional minutes', { resolutionMin: 1.5 }, 'Each target is a whole number of minutes, from 1 to 527040 (a year).'],
    ['over a year', { nextResponseMin: 527_041 }, 'Each target is a whole number of minutes, from 1 to 527040 (a year).'],
    ['an empty tag', { tags: [' '] }, 'Each tag has 1 to 60 characters.'],
    ['too many channels', { channelIds: Array.from({ length: 51 }, (_, i) => `c${i}`) }, 'A policy has at most 50 channels and 50 tags.'],
  ])('%s', (_what, change, refusal) => {
    expect(slaPolicyRefusal({ ...base, ...change })).toBe(refusal);
  });
});

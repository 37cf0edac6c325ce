import { describe, expect, it } from 'vitest';
import { isTimeZone, isWithinBusinessHours, localTime, minutesOf } from './businessHours';
import type { BusinessHours } from './workflowEngine';

const weekdays = (ranges: Array<[string, string]>): BusinessHours['days'] => ({ 1: ranges, 2: ranges, 3: ranges, 4: ranges, 5: ranges });
const berlin: BusinessHours = { timeZone: 'Europe/Berlin', days: weekdays([['09:00', '17:00']]) };
const utc: BusinessHours = { timeZone: 'UTC', days: weekdays([['09:00', '17:00']]) };
const at = (iso: string) => Date.parse(iso);

describe('isWithinBusinessHours', () => {
  // 2030-01-07 is a Monday; Berlin is UTC+1 in January and UTC+2 in July.
  it.each<{ what: string; hours: BusinessHours | null; now: number; inside: boolean }>([
    { what: 'no hours set: always inside', hours: null, now: at('2030-01-05T03:00Z'), inside: true },
    { what: 'Mon 08:30 UTC is 09:30 in Berlin', hours: berlin, now: at('2030-01-07T08:30Z'), inside: true },
    { what: 'Mon 08:30 UTC, hours in UTC', hours: utc, now: at('2030-01-07T08:30Z'), inside: false },
    { what: 'Mon 16:30 UTC is 17:30 in Berlin', hours: berlin, now: at('2030-01-07T16:30Z'), inside: false },
    { what: 'Mon 16:30 UTC, hours in UTC', hours: utc, now: at('2030-01-07T16:30Z'), inside: true },
    { what: 'the end is exclusive (17:00 Berlin)', hours: berlin, now: at('2030-01-07T16:00Z'), inside: false },
    { what: 'the start is inclusive (09:00 Berlin)', hours: berlin, now: at('2030-01-07T08:00Z'), inside: true },
    { what: 'one minute before the end', hours: berlin, now: at('2030-01-07T15:59Z'), inside: true },
    { what: 'summer time: Mon 07:30 UTC is 09:30 in Berlin', hours: berlin, now: at('2030-07-01T07:30Z'), inside: true },
    { what: 'winter time: Mon 07:30 UTC is 08:30 in Berlin', hours: berlin, now: at('2030-01-07T07:30Z'), inside: false },
    { what: 'Saturday noon is the weekend', hours: berlin, now: at('2030-01-05T12:00Z'), inside: false },
    { what: 'Sunday noon is the weekend', hours: utc, now: at('2030-01-06T12:00Z'), inside: false },
    { what: 'Fri 23:30 UTC is already Saturday in Berlin', hours: { timeZone: 'Europe/Berlin', days: { 5: [['00:00', '24:00']] } }, now: at('2030-01-11T23:30Z'), inside: false },
    { what: 'Sun 23:30 UTC is Monday 00:30 in Berlin', hours: { timeZone: 'Europe/Berlin', days: { 1: [['00:00', '01:00']] } }, now: at('2030-01-06T23:30Z'), inside: true },
    { what: 'Sat 03:00 UTC is Friday 22:00 in New York', hours: { timeZone: 'America/New_York', days: { 5: [['20:00', '23:00']] } }, now: at('2030-01-05T03:00Z'), inside: true },
    { what: 'a range up to 24:00 covers 23:59', hours: { timeZone: 'UTC', days: { 6: [['22:00', '24:00']] } }, now: at('2030-01-05T23:59Z'), inside: true },
    { what: 'split shifts: in the gap', hours: { timeZone: 'UTC', days: { 1: [['08:00', '12:00'], ['13:00', '17:00']] } }, now: at('2030-01-07T12:30Z'), inside: false },
    { what: 'split shifts: in the second range', hours: { timeZone: 'UTC', days: { 1: [['08:00', '12:00'], ['13:00', '17:00']] } }, now: at('2030-01-07T13:00Z'), inside: true },
    { what: 'a day with no ranges is closed', hours: { timeZone: 'UTC', days: { 1: [] } }, now: at('2030-01-07T10:00Z'), inside: false },
    { what: 'an unknown zone reads as UTC instead of throwing', hours: { timeZone: 'Mars/Olympus', days: weekdays([['09:00', '17:00']]) }, now: at('2030-01-07T16:30Z'), inside: true },
  ])('$what', ({ hours, now, inside }) => {
    expect(isWithinBusinessHours(hours, now)).toBe(inside);
  });

  it.each([
    { zone: 'UTC', iso: '2030-01-07T00:00Z', day: 1, minute: 0 },
    { zone: 'Europe/Berlin', iso: '2030-01-06T23:00Z', day: 1, minute: 0 },
    { zone: 'Asia/Kolkata', iso: '2030-01-07T00:00Z', day: 1, minute: 5 * 60 + 30 },
  ])('localTime $zone $iso', ({ zone, iso, day, minute }) => {
    expect(localTime(zone, at(iso))).toEqual({ day, minute });
  });

  it.each([
    ['00:00', 0],
    ['09:30', 570],
    ['24:00', 1440],
    ['24:01', null],
    ['12:60', null],
    ['9:00', null],
  ])('minutesOf(%s) = %s', (time, minutes) => expect(minutesOf(time)).toBe(minutes));

  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('isTimeZone(%j) = %s', (zone, ok) => expect(isTimeZone(zone)).toBe(ok));
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../config';
import { clientAddress } from './clientAddress';

const req = (remoteAddress: string | undefined, forwarded?: string | string[]) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('is the socket address when TRUST_PROXY is unset, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req('198.51.100.1', '203.0.113.9'), 0)).toBe('198.51.100.1');
    expect(clientAddress(req('::ffff:198.51.100.1'), 0)).toBe('198.51.100.1');
    expect(clientAddress(req(undefined), 0)).toBe('unknown');
  });

  it('with TRUST_PROXY=n, is the n-th address from the right: the one the nearest trusted proxy saw', () => {
    // The client may write anything to the left; only what our proxy appended counts.
    expect(clientAddress(req('10.0.0.2', 'spoofed, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.2', '203.0.113.9, 10.0.0.5'), 2)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.2', ['1.1.1.1', '203.0.113.9']), 1)).toBe('203.0.113.9');
    // Fewer hops than proxies: the left-most there is.
    expect(clientAddress(req('10.0.0.2', '203.0.113.9'), 3)).toBe('203.0.113.9');
  });

  it('falls back to the socket address when the header is missing or not an address', () => {
    expect(clientAddress(req('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.2', ''), 1)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.2', 'evil"; drop'), 1)).toBe('10.0.0.2');
  });

  it('keys an IPv6 client by its /64, so one host cannot rotate through its own addresses', () => {
    expect(clientAddress(req('2001:db8:1:2:aaaa::1'), 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('2001:db8:1:2:bbbb::9'), 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('10.0.0.2', '2001:db8::1'), 1)).toBe('2001:db8:0:0::/64');
  });

  it('reads TRUST_PROXY from the environment (hops), refusing nonsense', () => {
    expect(configFromEnv({}).trustProxy).toBe(0);
    expect(configFromEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(() => configFromEnv({ TRUST_PROXY: 'yes' })).toThrow('TRUST_PROXY must be a whole number');
  });
});

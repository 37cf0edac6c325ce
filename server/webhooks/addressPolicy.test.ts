import { describe, expect, it } from 'vitest';
import { isPrivateAddress, urlRefusal, type AddressPolicy } from './addressPolicy';

const strict: AddressPolicy = { allowPrivate: false, selfOrigins: ['https://kaon.example.com'] };
const allowing: AddressPolicy = { allowPrivate: true, selfOrigins: ['https://kaon.example.com'], selfPort: 3000 };

describe('isPrivateAddress', () => {
  it.each([
    ['0.0.0.0', true],
    ['0.1.2.3', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['10.0.0.1', true],
    ['10.255.255.255', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.15.255.255', false],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['192.169.0.1', false],
    ['169.254.169.254', true], // cloud metadata
    ['100.64.0.1', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::', true],
    ['::1', true],
    ['[::1]', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['febf::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true], // IPv4-mapped
    ['::ffff:7f00:1', true], // the same, in hex
    ['::ffff:10.1.2.3', true],
    ['::ffff:8.8.8.8', false],
    ['0:0:0:0:0:ffff:c0a8:101', true], // ::ffff:192.168.1.1 written out
    ['::127.0.0.1', true], // IPv4-compatible
    ['64:ff9b::a00:1', true], // NAT64 of 10.0.0.1
    ['64:ff9b::808:808', false], // NAT64 of 8.8.8.8
    ['2001:4860:4860::8888', false],
    ['2606:4700::1111', false],
    ['not an address', true], // fail closed
    ['', true],
  ])('%s → %s', (address, isPrivate) => {
    expect(isPrivateAddress(address)).toBe(isPrivate);
  });
});

describe('urlRefusal (before any DNS lookup)', () => {
  it.each([
    ['https://hooks.example.com/kaon', strict, null],
    ['http://hooks.example.com:8080/x', strict, null],
    ['http://localhost:4000/hook', strict, /private or local address/],
    ['http://LOCALHOST./hook', strict, /private or local address/],
    ['http://app.localhost/hook', strict, /private or local address/],
    ['http://printer.local/hook', strict, /private or local address/],
    ['http://metadata.google.internal/computeMetadata', strict, /private or local address/],
    ['http://intranet/hook', strict, /private or local address/], // a single-label name goes to the search domain
    ['http://127.0.0.1:9000/', strict, /127\.0\.0\.1 is a private/],
    ['http://127.1/', strict, /127\.0\.0\.1 is a private/], // the URL parser spells shorthands out
    ['http://2130706433/', strict, /127\.0\.0\.1 is a private/], // 127.0.0.1 as one number
    ['http://0x7f.0.0.1/', strict, /127\.0\.0\.1 is a private/],
    ['http://0.0.0.0:3000/', strict, /private/],
    ['http://10.0.0.5/', strict, /private/],
    ['http://172.16.4.4/', strict, /private/],
    ['http://192.168.0.10/', strict, /private/],
    ['http://169.254.169.254/latest/meta-data/', strict, /private/],
    ['http://[::1]:8080/', strict, /private/],
    ['http://[::ffff:127.0.0.1]/', strict, /private/],
    ['http://[fd00::1]/', strict, /private/],
    ['http://[fe80::1]/', strict, /private/],
    ['https://[2606:4700::1111]/', strict, null],
    ['https://8.8.8.8/hook', strict, null],
    ['https://kaon.example.com/webhooks/x', strict, /Kaon itself/],
    ['https://kaon.example.com/webhooks/x', allowing, /Kaon itself/],
    ['http://127.0.0.1:4000/hook', allowing, null],
    ['http://localhost:4000/hook', allowing, null],
    ['http://localhost:3000/trpc', allowing, /Kaon itself/], // Kaon's own port on this machine
    ['http://127.0.0.1:3000/', allowing, /Kaon itself/],
    ['http://[::1]:3000/', allowing, /Kaon itself/],
    ['https://hooks.example.com:3000/', allowing, null], // the same port on another machine is fine
  ])('%s', (url, policy, refusal) => {
    const got = urlRefusal(new URL(url), policy);
    if (refusal === null) expect(got).toBeNull();
    else expect(got).toMatch(refusal);
  });
});

import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The address limits are keyed on. Without TRUST_PROXY it is the socket's peer. With
 * TRUST_PROXY=n (n reverse proxies in front of Kaon, each appending the address it saw to
 * X-Forwarded-For) it is the n-th entry from the right: the address the outermost trusted proxy
 * saw. The left-most entry is whatever the client wrote, so keying on it would let anyone pick
 * their own key. IPv6 clients are keyed by their /64 (one host usually holds a whole /64).
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
  const socket = normalize(req.socket.remoteAddress);
  if (trustProxy <= 0) return socket ?? 'unknown';
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 0) return socket ?? 'unknown';
  const hop = hops[Math.max(0, hops.length - trustProxy)]!;
  return normalize(hop) ?? socket ?? 'unknown';
}

function normalize(address: string | undefined): string | null {
  if (!address) return null;
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  const kind = isIP(bare);
  if (kind === 4) return bare;
  if (kind === 6) return `${prefix64(bare)}::/64`;
  return null;
}

/** The first four groups of an IPv6 address, `::` expanded. */
function prefix64(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
}

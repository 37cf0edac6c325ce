import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may point. A receiver on a private, loopback or link-local address (or Kaon
 * itself) would let anyone who can add a webhook probe the operator's network (SSRF), so those
 * are refused unless the operator allows them (WEBHOOKS_ALLOW_PRIVATE=1). The check runs when a
 * webhook is saved and again on every address the name resolves to at send time (DNS rebinding).
 */
export interface AddressPolicy {
  /** WEBHOOKS_ALLOW_PRIVATE=1: private, loopback and link-local receivers are allowed. */
  allowPrivate: boolean;
  /** Origins that are Kaon itself (PUBLIC_URL, the address the admin reached it at): always refused. */
  selfOrigins: readonly string[];
  /** Kaon's own listening port: a loopback receiver on it is Kaon itself. */
  selfPort?: number | undefined;
}

const v4 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local machine
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  v4.addSubnet(net, bits, 'ipv4');

const v6 = new BlockList();
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some)
  ['ff00::', 8], // multicast
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
] as const)
  v6.addSubnet(net, bits, 'ipv6');

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:127.0.0.1), IPv4-compatible (::127.0.0.1) or
 * NAT64 (64:ff9b::127.0.0.1) IPv6 address, if any: the URL parser writes them canonically as hex.
 */
function embeddedV4(ip: string): string | null {
  let canonical: string;
  try {
    canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const m = /^(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!m) return null;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address (v4 or v6) is private, loopback, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(ip);
  if (kind === 4) return v4.check(ip, 'ipv4');
  if (kind === 6) {
    const inner = embeddedV4(ip);
    if (inner && isIP(inner) === 4) return v4.check(inner, 'ipv4');
    return v6.check(ip, 'ipv6');
  }
  return true; // not an address at all: fail closed
}

/** Names that always mean this machine or its local network, whatever DNS says. */
export function isLocalName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal') || h.endsWith('.home.arpa') || !h.includes('.');
}

const privateWords = (host: string) => `${host} is a private or local address, which Kaon does not send to. Use the receiver's public address (the operator can allow private ones with WEBHOOKS_ALLOW_PRIVATE=1).`;

/** Why Kaon refuses to send to `url` before any DNS lookup (the address itself, or a name), or null. */
export function urlRefusal(url: URL, policy: AddressPolicy): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (policy.selfOrigins.some((o) => sameOrigin(o, url))) return 'This address is Kaon itself. Point the webhook at the system that should receive the events.';
  const literal = isIP(host) !== 0;
  if (policy.selfPort !== undefined && port === policy.selfPort && (isLocalName(host) || (literal && isPrivateAddress(host)))) {
    return 'This address is Kaon itself. Point the webhook at the system that should receive the events.';
  }
  if (policy.allowPrivate) return null;
  if (literal ? isPrivateAddress(host) : isLocalName(host)) return privateWords(host);
  return null;
}

/** Why Kaon refuses an address a name resolved to (at send time, and when a webhook is saved), or null. */
export function resolvedRefusal(hostname: string, address: string, port: number, policy: AddressPolicy): string | null {
  if (policy.selfPort !== undefined && port === policy.selfPort && isPrivateAddress(address)) return 'This address is Kaon itself. Point the webhook at the system that should receive the events.';
  if (policy.allowPrivate || !isPrivateAddress(address)) return null;
  return privateWords(`${hostname} (${address})`);
}

function sameOrigin(origin: string, url: URL): boolean {
  try {
    return new URL(origin).origin === url.origin;
  } catch {
    return false;
  }
}

import ipaddr from 'ipaddr.js';

/**
 * The key per-address limits count under: an IPv4 address as is (IPv4-mapped IPv6 such as
 * "::ffff:192.0.2.1" is the IPv4 address it maps), an IPv6 address by its /64 prefix. One
 * subscriber usually gets a whole /64, so keying by the full address would hand a single
 * client 2^64 separate buckets. Anything unparsable (a unix socket, a missing req.ip) shares
 * one "unknown" bucket rather than escaping the limit.
 */
/**
 * A dotted quad of decimal octets without leading zeros: what a socket's IPv4 address looks
 * like, and the key it gets unchanged (ipaddr.js would read "010" as octal, so such forms take
 * the general path). Every request asks for its key once or twice; parsing it twice with
 * ipaddr.js (isValid, then process) was most of the cost.
 */
const PLAIN_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (PLAIN_IPV4.test(ip)) return ip;
  // Express gives scoped link-local addresses with their zone ("fe80::1%eth0"); the zone is not part of the address.
  const bare = ip.includes('%') ? ip.slice(0, ip.indexOf('%')) : ip;
  if (!ipaddr.isValid(bare)) return 'unknown';
  const addr = ipaddr.process(bare);
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

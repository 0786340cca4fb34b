/**
 * Which client address to believe. The socket's peer is the truth unless it is a proxy the
 * operator trusts (TRUSTED_PROXIES: addresses and CIDR ranges, IPv4 and IPv6); then
 * X-Forwarded-For is walked from the right (each proxy appends the address it received the
 * request from), skipping trusted hops, and the first untrusted address is the client. Anything
 * left of it was written by the client itself and is never believed. Pure: no I/O.
 */
import net from 'node:net';
import { expandIpv6, normaliseAddress } from './client-address';

/** One trusted range: an address family, the network as a number, the prefix length. */
export type AddressRange = { family: 4 | 6; network: bigint; prefix: number };

export type TrustedProxiesParse =
  { ok: true; ranges: AddressRange[] } | { ok: false; invalid: string };

/**
 * `10.0.0.1, 10.1.0.0/16, 2001:db8::/32, ::1`: comma- (or space-) separated addresses and CIDR
 * ranges. An IPv4-mapped IPv6 range (`::ffff:10.0.0.0/104`) is the IPv4 range it carries. Empty:
 * no proxy is trusted. A range with host bits set (`10.0.0.1/8`) is taken as its network.
 */
export function parseTrustedProxies(text: string): TrustedProxiesParse {
  const ranges: AddressRange[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const range = parseRange(entry);
    if (!range) return { ok: false, invalid: entry };
    ranges.push(range);
  }
  return { ok: true, ranges };
}

function parseRange(entry: string): AddressRange | null {
  const slash = entry.indexOf('/');
  const addressText = slash < 0 ? entry : entry.slice(0, slash);
  const prefixText = slash < 0 ? null : entry.slice(slash + 1);
  if (addressText.includes('%')) return null;
  const raw =
    addressText.startsWith('[') && addressText.endsWith(']')
      ? addressText.slice(1, -1)
      : addressText;
  const kind = net.isIP(raw);
  if (kind === 0) return null;
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = prefixText === null ? (kind === 4 ? 32 : 128) : Number(prefixText);
  if (prefix > (kind === 4 ? 32 : 128)) return null;
  const normalised = normaliseAddress(raw)!;
  let family: 4 | 6 = kind === 4 ? 4 : 6;
  if (kind === 6 && net.isIPv4(normalised)) {
    // ::ffff:a.b.c.d/p: the IPv4 range a.b.c.d/(p - 96); a shorter prefix also covers non-mapped
    // IPv6 addresses, which an IPv4-only range cannot say, so it is refused.
    if (prefix < 96) return null;
    family = 4;
    prefix -= 96;
  }
  const bits = family === 4 ? 32 : 128;
  const value = toNumber(normalised)!.value;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { family, network: value & mask, prefix };
}

/** The address as a number with its family, or null when it is not an IP address. */
function toNumber(raw: string): { family: 4 | 6; value: bigint } | null {
  const a = normaliseAddress(raw);
  if (a === null) return null;
  if (net.isIPv4(a)) {
    return {
      family: 4,
      value: a.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n),
    };
  }
  return { family: 6, value: expandIpv6(a).reduce((n, g) => (n << 16n) | BigInt(g), 0n) };
}

/** Whether `address` (any textual form: `::ffff:` mapped, brackets, zone) lies in one of `ranges`. */
export function isTrusted(address: string, ranges: readonly AddressRange[]): boolean {
  const n = toNumber(address);
  if (n === null) return false;
  const bits = n.family === 4 ? 32 : 128;
  return ranges.some((r) => {
    if (r.family !== n.family) return false;
    const mask = r.prefix === 0 ? 0n : ((1n << BigInt(r.prefix)) - 1n) << BigInt(bits - r.prefix);
    return (n.value & mask) === r.network;
  });
}

/**
 * The client's address, normalised (lib/domain/client-address.ts), or null when the peer itself
 * is not an address (a Unix socket). `forwardedFor` is every X-Forwarded-For header line, in
 * order. From the right: each trusted hop vouches for the entry left of it; the first entry that
 * is not trusted is the client. An entry that is not an address ends the walk at the hop that
 * wrote it (what lies beyond cannot be read), and so does running out of entries.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: readonly string[],
  ranges: readonly AddressRange[],
): string | null {
  let current = peer === undefined ? null : normaliseAddress(peer);
  if (current === null) return null;
  if (!isTrusted(current, ranges)) return current;
  const hops = forwardedFor
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]);
    if (hop === null) return current;
    current = hop;
    if (!isTrusted(hop, ranges)) return hop;
  }
  return current;
}

/**
 * Client addresses as the limits see them. An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the
 * IPv4 address it carries; an IPv6 client is keyed by its /64, the block one subscriber (one
 * phone, one home) is given, so rotating through the addresses of one's own /64 does not buy
 * more tries. Pure: no I/O.
 */
import net from 'node:net';

/** The address written as people and logs expect it, or null when it is not an IP address. */
export function normaliseAddress(raw: string): string | null {
  let s = raw.trim();
  if (s.startsWith('[') && s.includes(']')) s = s.slice(1, s.indexOf(']'));
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const kind = net.isIP(s);
  if (kind === 4) return s;
  if (kind !== 6) return null;
  const groups = expandIpv6(s);
  // ::ffff:a.b.c.d, IPv4-mapped
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  }
  return compressIpv6(groups);
}

/** The key a per-address limit counts under: the IPv4 address, or the IPv6 address's /64. */
export function addressKey(raw: string): string {
  const a = normaliseAddress(raw);
  if (a === null) return `other:${raw.trim().slice(0, 64)}`;
  if (net.isIPv4(a)) return a;
  const groups = expandIpv6(a);
  return `${compressIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}

/** The eight 16-bit groups of an IPv6 address in any textual form (`::`, a dotted IPv4 tail). */
export function expandIpv6(s: string): number[] {
  let text = s;
  // a trailing dotted IPv4 part becomes two groups
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/** RFC 5952: lower case, leading zeros dropped, the longest run of two or more zero groups as `::`. */
function compressIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

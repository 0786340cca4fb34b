import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressKey, normaliseAddress } from './client-address';

describe('normaliseAddress', () => {
  it('keeps IPv4 and unwraps IPv4-mapped IPv6', () => {
    expect(normaliseAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseAddress('::FFFF:cb00:7107')).toBe('203.0.113.7');
  });
  it('writes IPv6 in RFC 5952 form, without brackets or zone', () => {
    expect(normaliseAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normaliseAddress('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normaliseAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normaliseAddress('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(normaliseAddress('::1')).toBe('::1');
  });
  it('refuses what is not an address', () => {
    for (const s of ['', 'unknown', '1.2.3.256', 'example.com', '1.2.3.4, 5.6.7.8', '::g'])
      expect(normaliseAddress(s)).toBeNull();
  });
});

describe('addressKey', () => {
  it('keys IPv4 by the address and IPv6 by its /64', () => {
    expect(addressKey('198.51.100.1')).toBe('198.51.100.1');
    expect(addressKey('::ffff:198.51.100.1')).toBe('198.51.100.1');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });
  it('gives every address of one /64 one key, and neighbouring /64s different keys', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 8, maxLength: 8 }),
        fc.array(group, { minLength: 4, maxLength: 4 }),
        (g, low) => {
          const a = g.map((x) => x.toString(16)).join(':');
          const b = [...g.slice(0, 4), ...low].map((x) => x.toString(16)).join(':');
          expect(addressKey(a)).toBe(addressKey(b));
          const other = [...g.slice(0, 3), (g[3] + 1) % 0x10000, ...g.slice(4)]
            .map((x) => x.toString(16))
            .join(':');
          expect(addressKey(other)).not.toBe(addressKey(a));
        },
      ),
    );
  });
  it('keeps anything else apart from real addresses', () => {
    expect(addressKey('unknown')).toBe('other:unknown');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clientAddress,
  isTrusted,
  parseTrustedProxies,
  type AddressRange,
} from './trusted-proxies';

function ranges(text: string): AddressRange[] {
  const r = parseTrustedProxies(text);
  if (!r.ok) throw new Error(`invalid: ${r.invalid}`);
  return r.ranges;
}

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .map((g) => g.map((x) => x.toString(16)).join(':'));

describe('parseTrustedProxies', () => {
  it('takes addresses and CIDR ranges of both families, separated by commas or spaces', () => {
    const r = parseTrustedProxies('127.0.0.1, ::1 10.0.0.0/8,2001:db8::/32 [fe80::1]');
    expect(r.ok && r.ranges.length).toBe(5);
  });
  it('is empty for an empty or blank value: nobody is trusted', () => {
    expect(parseTrustedProxies('')).toEqual({ ok: true, ranges: [] });
    expect(parseTrustedProxies(' , ')).toEqual({ ok: true, ranges: [] });
  });
  it('names the first entry it cannot read', () => {
    for (const bad of [
      'proxy.internal',
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/',
      '10.0.0.0/-1',
      '10.0.0.0/8/8',
      '1.2.3.256',
      'fe80::1%eth0',
      '::ffff:10.0.0.0/64',
    ]) {
      expect(parseTrustedProxies(`127.0.0.1,${bad}`)).toEqual({ ok: false, invalid: bad });
    }
  });
});

describe('isTrusted', () => {
  it('matches single addresses and IPv4 ranges', () => {
    const r = ranges('127.0.0.1,10.0.0.0/8,192.168.1.0/24');
    expect(isTrusted('127.0.0.1', r)).toBe(true);
    expect(isTrusted('127.0.0.2', r)).toBe(false);
    expect(isTrusted('10.255.1.2', r)).toBe(true);
    expect(isTrusted('11.0.0.1', r)).toBe(false);
    expect(isTrusted('192.168.1.255', r)).toBe(true);
    expect(isTrusted('192.168.2.1', r)).toBe(false);
  });
  it('matches IPv6 ranges, any textual form', () => {
    const r = ranges('2001:db8:abcd::/48,::1');
    expect(isTrusted('2001:db8:abcd:12::1', r)).toBe(true);
    expect(isTrusted('2001:DB8:ABCD:0012:0000:0000:0000:0001', r)).toBe(true);
    expect(isTrusted('[2001:db8:abcd::5]', r)).toBe(true);
    expect(isTrusted('2001:db8:abce::1', r)).toBe(false);
    expect(isTrusted('::1', r)).toBe(true);
    expect(isTrusted('::2', r)).toBe(false);
  });
  it('sees an IPv4-mapped peer (::ffff:a.b.c.d) as the IPv4 address it carries, in both directions', () => {
    expect(isTrusted('::ffff:127.0.0.1', ranges('127.0.0.1'))).toBe(true);
    expect(isTrusted('::ffff:10.1.2.3', ranges('10.0.0.0/8'))).toBe(true);
    expect(isTrusted('10.1.2.3', ranges('::ffff:10.0.0.0/104'))).toBe(true);
    expect(isTrusted('11.1.2.3', ranges('::ffff:10.0.0.0/104'))).toBe(false);
  });
  it('never mixes the families: 0.0.0.0/0 trusts every IPv4 address and no IPv6 one', () => {
    expect(isTrusted('2001:db8::1', ranges('0.0.0.0/0'))).toBe(false);
    expect(isTrusted('1.2.3.4', ranges('::/0'))).toBe(false);
  });
  it('trusts nothing that is not an address', () => {
    expect(isTrusted('unknown', ranges('0.0.0.0/0,::/0'))).toBe(false);
    expect(isTrusted('', ranges('0.0.0.0/0,::/0'))).toBe(false);
  });
  it('an IPv4 /p range holds exactly the addresses that share its first p bits', () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (net, addr, p) => {
        const bits = (s: string) =>
          s
            .split('.')
            .map((x) => Number(x).toString(2).padStart(8, '0'))
            .join('');
        expect(isTrusted(addr, ranges(`${net}/${p}`))).toBe(
          bits(net).slice(0, p) === bits(addr).slice(0, p),
        );
      }),
    );
  });
  it('an IPv6 /p range holds exactly the addresses that share its first p bits', () => {
    fc.assert(
      fc.property(ipv6, ipv6, fc.integer({ min: 0, max: 128 }), (net, addr, p) => {
        const bits = (s: string) =>
          s
            .split(':')
            .map((x) => parseInt(x, 16).toString(2).padStart(16, '0'))
            .join('');
        const inside = bits(net).slice(0, p) === bits(addr).slice(0, p);
        // an IPv4-mapped address is IPv4 and never in an IPv6 range other than ::ffff:0:0/96 and wider mapped ones
        const mapped = /^0{80}1{16}/.test(bits(addr));
        if (!mapped) expect(isTrusted(addr, ranges(`${net}/${p}`))).toBe(inside);
      }),
    );
  });
});

describe('clientAddress', () => {
  const none = ranges('');
  const loopback = ranges('127.0.0.1,::1');

  it('believes the socket when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('198.51.100.7', ['203.0.113.1'], none)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:198.51.100.7', ['203.0.113.1, 10.0.0.1'], none)).toBe(
      '198.51.100.7',
    );
    expect(clientAddress('2001:DB8::7', [], none)).toBe('2001:db8::7');
  });
  it('believes the socket when the peer is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.7', ['203.0.113.1'], loopback)).toBe('198.51.100.7');
  });
  it('takes the right-most untrusted entry behind a trusted proxy', () => {
    expect(clientAddress('127.0.0.1', ['203.0.113.1'], loopback)).toBe('203.0.113.1');
    expect(clientAddress('::ffff:127.0.0.1', ['203.0.113.1'], loopback)).toBe('203.0.113.1');
    // the client forged the left-most entry; the proxy appended what it saw
    expect(clientAddress('127.0.0.1', ['6.6.6.6, 203.0.113.1'], loopback)).toBe('203.0.113.1');
  });
  it('skips every trusted hop, across several header lines', () => {
    const chain = ranges('10.0.0.0/8,2001:db8:ffff::/48');
    expect(
      clientAddress('10.0.0.2', ['6.6.6.6, 198.51.100.9', '10.0.0.1, 2001:db8:ffff::3'], chain),
    ).toBe('198.51.100.9');
  });
  it('normalises what it returns', () => {
    expect(clientAddress('127.0.0.1', ['[2001:0DB8:0:0:0:0:0:0001]'], loopback)).toBe(
      '2001:db8::1',
    );
    expect(clientAddress('127.0.0.1', ['::ffff:203.0.113.1'], loopback)).toBe('203.0.113.1');
  });
  it('stops at the hop that wrote an entry it cannot read', () => {
    expect(clientAddress('127.0.0.1', ['203.0.113.1, unknown'], loopback)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', ['203.0.113.1, <script>'], loopback)).toBe('127.0.0.1');
  });
  it('falls back to the last trusted hop when every entry is trusted or there is none', () => {
    expect(clientAddress('127.0.0.1', [], loopback)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', ['::1'], loopback)).toBe('::1');
  });
  it('is null for a peer that is not an address', () => {
    expect(clientAddress(undefined, ['203.0.113.1'], loopback)).toBeNull();
  });
  it('with no trusted proxy the answer is always the peer (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(ipv4, ipv6),
        fc.array(fc.oneof(ipv4, ipv6, fc.string())),
        (peer, xff) => {
          expect(clientAddress(peer, [xff.join(', ')], none)).toBe(clientAddress(peer, [], none));
        },
      ),
    );
  });
  it('a client can never make itself look like anything right of what the trusted proxy appended (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(ipv4, fc.string({ maxLength: 20 })), { maxLength: 6 }),
        fc.nat(255),
        (forged, last) => {
          const real = `198.51.100.${last}`;
          const forgedLine = forged.filter((f) => !f.includes(',')).join(', ');
          const lines = forgedLine ? [`${forgedLine}, ${real}`] : [real];
          expect(clientAddress('127.0.0.1', lines, loopback)).toBe(real);
        },
      ),
    );
  });
});

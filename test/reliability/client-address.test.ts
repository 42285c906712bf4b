import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../../src/http/client-address.js';

describe('client address keys (rate limits, login limits, stream caps)', () => {
  it('keeps IPv4, maps IPv4-mapped IPv6 to IPv4, and keys IPv6 by its /64', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('2001:db8:5:6::1')).toBe('2001:db8:5:6::/64');
    expect(clientAddressKey('2001:0db8:0005:0006:ffff:ffff:ffff:ffff')).toBe('2001:db8:5:6::/64');
    expect(clientAddressKey('2001:db8:5:7::1')).toBe('2001:db8:5:7::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('puts anything unparsable in one shared bucket', () => {
    for (const bad of [undefined, '', 'not an address', '1.2.3.4.5', '::gggg']) expect(clientAddressKey(bad)).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

describe('clientAddress', () => {
  it('keeps an IPv4 address', () => {
    expect(clientAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress(' 203.0.113.7 ')).toBe('203.0.113.7');
  });

  it('reduces IPv6 addresses to their /64, however they are written', () => {
    const prefix = '2001:db8:1:2::/64';
    expect(clientAddress('2001:db8:1:2::1')).toBe(prefix);
    expect(clientAddress('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe(prefix);
    expect(clientAddress('2001:db8:1:2:a:b:c:d')).toBe(prefix);
    expect(clientAddress('2001:db8:1:2::1%eth0')).toBe(prefix);
    expect(clientAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientAddress('::1')).toBe('0:0:0:0::/64');
    expect(clientAddress('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('treats an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(clientAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('has no address for a missing or malformed value', () => {
    for (const value of [undefined, null, '', 'unknown', '300.1.1.1', '1.2.3', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '::ffff:1.2.3.999']) {
      expect(clientAddress(value), String(value)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { isAddressOrRange, pickClientAddress } from '../../src/proxy/client-address.ts';

const balancer = '10.0.0.5';

describe('the client address the proxy believes', () => {
  it('is the connection’s own address when no hop is trusted, whatever X-Forwarded-For says', () => {
    expect(pickClientAddress('203.0.113.7', '192.0.2.55', false)).toBe('203.0.113.7');
    expect(pickClientAddress('::ffff:203.0.113.7', '192.0.2.55', 0)).toBe('203.0.113.7');
  });

  it('is the address one trusted balancer appended, not what the client wrote before it', () => {
    expect(pickClientAddress(balancer, '192.0.2.55, 203.0.113.7', true)).toBe('203.0.113.7');
    expect(pickClientAddress(balancer, '192.0.2.55,203.0.113.7', 1)).toBe('203.0.113.7');
    expect(pickClientAddress(balancer, '203.0.113.7', true)).toBe('203.0.113.7');
  });

  it('counts back as many hops as are configured, and no further than the chain goes', () => {
    // A CDN saw the client, then the balancer saw the CDN.
    expect(pickClientAddress(balancer, '192.0.2.55, 203.0.113.7, 198.51.100.3', 2)).toBe('203.0.113.7');
    expect(pickClientAddress(balancer, '203.0.113.7', 3)).toBe('203.0.113.7');
  });

  it('skips the listed hops from the right and takes the first address that is not one', () => {
    const hops = ['10.0.0.0/8', '2001:db8::/32'];
    expect(pickClientAddress(balancer, '192.0.2.55, 203.0.113.7, 10.1.2.3', hops)).toBe('203.0.113.7');
    expect(pickClientAddress('2001:db8::9', '192.0.2.55, 203.0.113.7', hops)).toBe('203.0.113.7');
    // A connection that does not come from a listed hop is the client, whatever it forwards.
    expect(pickClientAddress('198.51.100.9', '192.0.2.55', hops)).toBe('198.51.100.9');
  });

  it('never takes an entry that is not an address, and reads addresses written with a port', () => {
    expect(pickClientAddress(balancer, 'garbage, 203.0.113.7:51234', true)).toBe('203.0.113.7');
    expect(pickClientAddress(balancer, '[2001:db8::1]:443', true)).toBe('2001:db8::1');
    expect(pickClientAddress(balancer, '203.0.113.7, not-an-address', 2)).toBe(balancer);
    expect(pickClientAddress(balancer, undefined, true)).toBe(balancer);
  });

  it('accepts addresses and ranges in the trusted list, and nothing else', () => {
    for (const good of ['10.0.0.5', '10.0.0.0/8', '2001:db8::/32', '::1'])
      expect(isAddressOrRange(good), good).toBe(true);
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.0/8/1', '2001:db8::/129', ''])
      expect(isAddressOrRange(bad), bad).toBe(false);
  });
});

import type { Context } from 'hono';
import { BlockList, isIP } from 'node:net';

/**
 * Which machines in front of the proxy may say who the client is:
 * - `false` (or 0): nobody; the client is the address that opened the connection;
 * - `true` (or 1): one load balancer or reverse proxy, which appends the address it saw to `X-Forwarded-For`;
 * - a number n: n such hops in a row (a CDN in front of a load balancer is 2);
 * - a list of addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`): the hops, wherever they sit.
 */
export type TrustProxy = boolean | number | readonly string[];

/** An address or a CIDR range such as `10.0.0.0/8` or `2001:db8::/32`. */
export function isAddressOrRange(value: string): boolean {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A bare address from a socket or a forwarded entry, IPv4 written as IPv4; undefined when it is none. */
function normalise(raw: string | undefined): string | undefined {
  let value = raw?.trim() ?? '';
  // Some balancers add the port: `203.0.113.7:51234`, `[2001:db8::1]:51234`.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.indexOf(':'));
  if (/^::ffff:[\d.]+$/i.test(value)) value = value.slice(7);
  return isIP(value) === 0 ? undefined : value.toLowerCase();
}

function trustedRanges(list: readonly string[]): BlockList {
  const ranges = new BlockList();
  for (const entry of list) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) ranges.addAddress(normalise(address) ?? address, family);
    else ranges.addSubnet(address, Number(prefix), family);
  }
  return ranges;
}

/**
 * The client's address from the connection's address and the `X-Forwarded-For` it carried. The chain is read
 * from the right, the end our own hops wrote: whatever a client writes itself sits further left and is never
 * believed. An entry that is not an address ends the walk at the last good one.
 */
export function pickClientAddress(
  socket: string | undefined,
  forwardedFor: string | undefined,
  trust: TrustProxy,
): string | undefined {
  const direct = normalise(socket);
  if (trust === false || trust === 0 || !forwardedFor) return direct;
  const chain = [...forwardedFor.split(',').map(normalise), direct];
  let at = chain.length - 1;
  if (typeof trust === 'boolean' || typeof trust === 'number') {
    const hops = trust === true ? 1 : trust;
    while (at > 0 && chain.length - 1 - at < hops && chain[at - 1] !== undefined) at--;
  } else {
    const ranges = trustedRanges(trust);
    const trusted = (address: string) => ranges.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    while (at > 0 && chain[at] !== undefined && trusted(chain[at] ?? '') && chain[at - 1] !== undefined) at--;
  }
  return chain[at];
}

/** Each connection's address, read once: a connection kept alive carries many requests. */
const connectionAddresses = new WeakMap<object, string>();

/** The address that opened the connection, where the runtime tells it (Node); else undefined. */
export function socketAddress(c: Context): string | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null) return undefined;
  const bindings: unknown = 'server' in env ? env.server : env;
  if (typeof bindings !== 'object' || bindings === null || !('incoming' in bindings)) return undefined;
  const incoming: unknown = bindings.incoming;
  if (typeof incoming !== 'object' || incoming === null || !('socket' in incoming)) return undefined;
  const socket: unknown = incoming.socket;
  if (typeof socket !== 'object' || socket === null || !('remoteAddress' in socket)) return undefined;
  const known = connectionAddresses.get(socket);
  if (known !== undefined) return known;
  // A closed connection no longer tells its address: only one it told is kept.
  const address = typeof socket.remoteAddress === 'string' ? normalise(socket.remoteAddress) : undefined;
  if (address !== undefined) connectionAddresses.set(socket, address);
  return address;
}

/**
 * The caller's address for per-address limits and the staff lockout, as the configured hops vouch for it.
 *
 * @example
 * createProxy({ backend, clientIp: clientAddress(['10.0.0.0/8']) });
 */
export function clientAddress(trust: TrustProxy): (c: Context) => string | undefined {
  return (c) => pickClientAddress(socketAddress(c), c.req.header('x-forwarded-for'), trust);
}

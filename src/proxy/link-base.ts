export interface LinkBaseOptions {
  /** The proxy's public base URL; when set, every link is made from it and never from a request. */
  publicUrl?: string;
  /**
   * Without `publicUrl`: the host names (`bookings.agency.example`, or with a port) a request may reach the
   * proxy by for links to be made from it. Loopback names always may.
   */
  allowedHosts?: readonly string[];
}

/** Names that lead back to the visitor's own machine: a link to them can send nobody to a stranger's server. */
const LOOPBACK = /^(?:localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Where the proxy's own links (manage links in the agency's messages, calendar files, pictures) point. The
 * `Host` header and an absolute request target are the caller's to choose: taken as they come, a stranger
 * could have the agency e-mail a link to their own server. So the base is `publicUrl`, or the request's
 * address only when its host is one the operator named; otherwise there is none, and no link is made.
 *
 * @example
 * const base = linkBase({ allowedHosts: ['bookings.agency.example'] });
 * base(new URL('https://bookings.agency.example/api/v1/bookings'), '/api'); // 'https://bookings.agency.example/api'
 * base(new URL('https://evil.example/api/v1/bookings'), '/api'); // undefined
 */
export function linkBase({
  publicUrl,
  allowedHosts = [],
}: LinkBaseOptions): (url: URL, basePath: string) => string | undefined {
  const fixed = publicUrl?.replace(/\/$/, '');
  const allowed = new Set(allowedHosts.map((host) => host.trim().toLowerCase()));
  return (url, basePath) => {
    if (fixed) return fixed;
    const known = LOOPBACK.test(url.hostname) || allowed.has(url.host) || allowed.has(url.hostname);
    return known ? url.origin + basePath : undefined;
  };
}

export const MISDIRECTED_MESSAGE =
  'This proxy does not answer at this address. Its operator sets the address it answers at (publicUrl).';

import type { FastifyRequest } from 'fastify';

/**
 * What a request tells about where it came from, recorded with bids, reservations and
 * logins for fraud and shill detection. Never shown to other users; kept for the audit
 * window only.
 */
export interface RequestSignals {
  ip: string;
  /** The network the address belongs to: its /24 (IPv4) or /48 (IPv6). */
  ipPrefix: string;
  userAgent: string | null;
  /** The long-lived random device cookie (`gavel_device`), when the browser keeps one. */
  deviceId: string | null;
  /** A hash of stable browser traits the web app sends (`X-Gavel-Device-Traits`). */
  traitsHash: string | null;
}

export const DEVICE_COOKIE = 'gavel_device';
export const TRAITS_HEADER = 'x-gavel-device-traits';

const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;
const TRAITS = /^[a-f0-9]{16,128}$/;

/** The /24 of an IPv4 address or the /48 of an IPv6 one (IPv4-mapped IPv6 counts as IPv4). */
export function ipPrefixOf(ip: string): string {
  const v4 = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 3)
    .map((g) => (g || '0').toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/48`;
}

function cookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** The signals of a request; malformed device values count as absent. */
export function signalsOf(req: Pick<FastifyRequest, 'ip' | 'headers'>): RequestSignals {
  const device = cookie(req.headers.cookie, DEVICE_COOKIE);
  const traits = req.headers[TRAITS_HEADER];
  const ua = req.headers['user-agent'];
  return {
    ip: req.ip,
    ipPrefix: ipPrefixOf(req.ip),
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
    deviceId: device && DEVICE_ID.test(device) ? device : null,
    traitsHash: typeof traits === 'string' && TRAITS.test(traits) ? traits : null,
  };
}

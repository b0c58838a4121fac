import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/** Where the site is served from and who else may call it. */
export interface SecurityOptions {
  /** The public origin (`https://gavel.example`), if configured. */
  publicUrl: string | undefined;
  /** Other origins allowed to call the API (CORS and the CSRF check). */
  corsOrigins: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// A Host header is echoed into the CSP only when it looks like a host.
const HOST_RE = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/i;

/**
 * The Content-Security-Policy of the web app: scripts, styles and fonts from this
 * origin only (React sets `style` through the DOM, which CSP does not block); images
 * also from `data:`, `blob:` and any https URL, since sellers link their own; API and
 * WebSocket connections to this origin; no plugins, no framing, no foreign forms.
 */
export function cspDirectives(https: boolean): Record<string, Array<string | ((req: unknown) => string)>> {
  const wsSelf = (req: unknown) => {
    const host = (req as { headers: Record<string, string | undefined> }).headers.host ?? '';
    return HOST_RE.test(host) ? `${https ? 'wss' : 'ws'}://${host}` : "'self'";
  };
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", wsSelf],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

const API_PREFIX = '/api/';

/** What every API answer carries: nothing on it may load, run or be framed (OWASP REST security headers). */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * The Swagger UI's own CSP (its scripts by hash), with the app's framing rule. Its
 * bundle injects `<style>` elements at run time, so styles (only) may be inline on
 * these pages; hashes would make browsers ignore 'unsafe-inline', so none are kept.
 */
export function swaggerCsp(https: boolean): (header: string) => string {
  return (header) => {
    const out = header
      .replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'")
      .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'");
    return https ? out : out.replace(/\s*upgrade-insecure-requests;?/, '');
  };
}

/** Origins a cookie-authenticated write may come from: the public URL, the host itself, the CORS list. */
export function originAccepted(origin: string, req: FastifyRequest, opts: SecurityOptions): boolean {
  if (origin === opts.publicUrl || opts.corsOrigins.includes(origin)) return true;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === req.headers.host;
  } catch {
    return false;
  }
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return 'null';
  }
}

/**
 * CSRF defence for cookie-authenticated writes. A bearer token cannot ride along on
 * another site's request, a cookie can (SameSite=Lax already stops most of that; this
 * is the second wall). So an unsafe request without `Authorization` must name an
 * accepted `Origin` (or, when the browser sent none, `Referer`) if it carries a
 * cookie session; a foreign `Origin` is refused on any unsafe request.
 * Install after authentication, in the scope of the API.
 */
export function installCsrfCheck(app: FastifyInstance, opts: SecurityOptions): void {
  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method) || req.headers.authorization?.startsWith('Bearer ')) return;
    const origin = originOf(req.headers.origin) ?? originOf(req.headers.referer);
    const cookieSession = (req as { principal?: unknown }).principal != null;
    if (origin === null) {
      if (cookieSession) throw new AppError('ORIGIN_NOT_ALLOWED', 'A signed-in browser request must send Origin', { reason: 'origin_missing' });
      return;
    }
    if (!originAccepted(origin, req, opts)) {
      throw new AppError('ORIGIN_NOT_ALLOWED', 'Requests from this origin are not accepted', { reason: 'cross_origin' });
    }
  });
}

/**
 * Security headers (helmet) on every answer, and CORS closed unless origins are
 * listed. Uploaded images may be embedded by other sites (emails, shares), so they
 * alone are served cross-origin.
 */
export async function installSecurityHeaders(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const https = opts.publicUrl?.startsWith('https://') === true;
  // JSON answers are never rendered as pages: one fixed, stricter header set, set in
  // one call. @fastify/helmet rebuilds its middleware on every request, which cost
  // about a quarter of the bid path's throughput; the pages (web app, docs) keep it.
  const apiHeaders = apiSecurityHeaders(https);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(API_PREFIX)) (route as { helmet?: false }).helmet = false;
  });
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith(API_PREFIX)) reply.headers(apiHeaders);
    done();
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(https) as never },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/uploads/')) reply.header('cross-origin-resource-policy', 'cross-origin');
  });
  await app.register(cors, {
    origin: opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
    credentials: opts.corsOrigins.length > 0,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization', 'idempotency-key', 'last-event-id', 'x-request-id', 'x-gavel-device-traits'],
    exposedHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  });
}

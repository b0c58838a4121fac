import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { DEVICE_COOKIE, signalsOf } from '../../platform/request-signals.js';
import type { SignalRow } from './risk.signals.js';

const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;
const TWO_YEARS_S = 2 * 365 * 86_400;
const LOGIN = '/api/v1/auth/login';
const REGISTER = '/api/v1/auth/register';
const RESERVE = '/api/v1/flash-sales/:id/items/:itemId/reservations';
const METHODS = '/api/v1/me/payment-methods';
const OPS = new Set(['/livez', '/readyz', '/metrics']);

/** What the HTTP edge needs from the risk module. */
export interface RiskEdge {
  /** Whether sign-ups and logins from these identifiers are refused (blacklist). */
  refusesRequest(ids: { ip: string; deviceId: string | null; emailDomain: string | null }): boolean;
  /** Records a login, failed login or reservation signal (buffered). */
  recordRequest(kind: SignalRow['kind'], userId: string | null, req: FastifyRequest, email?: string | null): void;
}

function hasDevice(req: FastifyRequest): boolean {
  const h = req.headers.cookie;
  if (!h) return false;
  for (const part of h.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === DEVICE_COOKIE) return DEVICE_ID.test(part.slice(i + 1).trim());
  }
  return false;
}

const domainOf = (email: unknown) => (typeof email === 'string' && email.includes('@') ? email.split('@').pop()!.toLowerCase() : null);

function userIdIn(payload: unknown): string | null {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    const id = (JSON.parse(payload) as { user?: { id?: unknown } }).user?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * The risk module at the HTTP edge: the long-lived random device cookie on responses that
 * lack it; the blacklist in front of sign-up and login; login, failed-login and reservation
 * signals recorded from the answers (so the identity and flash-sale routes stay as they are).
 * Install before the routes.
 */
export function installRiskEdge(app: FastifyInstance, edge: RiskEdge, opts: { cookieSecure: boolean; screenRequests: boolean }): void {
  if (opts.screenRequests) {
    app.addHook('preHandler', async (req: FastifyRequest) => {
      const url = req.routeOptions.url;
      if (req.method !== 'POST' || (url !== LOGIN && url !== REGISTER)) return;
      const s = signalsOf(req);
      const emailDomain = domainOf((req.body as { email?: unknown } | undefined)?.email);
      if (edge.refusesRequest({ ip: s.ip, deviceId: s.deviceId, emailDomain })) {
        throw new AppError('REQUEST_BLOCKED', 'This request cannot be accepted', undefined, 403);
      }
    });
  }
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // Never on publicly cacheable answers (images, built assets): a shared cache would hand one device id to many.
    const cacheable = String(reply.getHeader('cache-control') ?? '').includes('public');
    if (!hasDevice(req) && !OPS.has(req.url) && !cacheable) {
      const secure = opts.cookieSecure ? '; Secure' : '';
      reply.header('set-cookie', `${DEVICE_COOKIE}=${randomBytes(18).toString('base64url')}; Path=/; Max-Age=${TWO_YEARS_S}; HttpOnly; SameSite=Lax${secure}`);
    }
    const url = req.routeOptions.url;
    if (req.method !== 'POST') return payload;
    const status = reply.statusCode;
    if ((url === LOGIN && status === 200) || (url === REGISTER && status === 201)) edge.recordRequest('login', userIdIn(payload), req);
    else if (url === LOGIN && status === 401) edge.recordRequest('login_failed', null, req, (req.body as { email?: unknown } | undefined)?.email as string);
    else if (url === RESERVE && status === 201 && req.principal) edge.recordRequest('reservation', req.principal.userId, req);
    else if (url === METHODS && status === 201 && req.principal) edge.recordRequest('payment_method', req.principal.userId, req);
    return payload;
  });
}

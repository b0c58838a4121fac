import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { IdentityService } from './identity.service.js';
import type { Principal } from './identity.types.js';
import { type StepUpPolicy, type StepUpReason, stepUpNeeded } from './step-up.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The step-up rules; null when the app runs without them. */
    stepUpPolicy: StepUpPolicy | null;
  }
}

/** Name of the httpOnly session cookie the web UI may use instead of a bearer header. */
export const SESSION_COOKIE = 'gavel_session';

/** Session tokens are URL-safe (`gv_` + base64url); anything else cannot be one of ours. */
const TOKEN_RE = /^[\x21-\x7e]{1,512}$/;

/** `decodeURIComponent` that answers null instead of throwing on a bad %-escape. */
function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

const plausible = (t: string | null | undefined): string | null => (t && TOKEN_RE.test(t) ? t : null);

/**
 * Reads the session token from `Authorization: Bearer` or the session cookie. Never
 * throws: a malformed header or cookie is no token, so the caller is anonymous and
 * routes that need a user answer 401.
 */
export function tokenFrom(headers: { authorization?: string | undefined; cookie?: string | undefined }): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer[ \t]+(.*)$/i.exec(auth.trim());
    if (m) return plausible(m[1]?.trim());
  }
  const cookie = headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) return plausible(safeDecode(part.slice(i + 1).trim()));
    }
  }
  return null;
}

/** Resolves the caller on every request; routes decide whether they need one. */
export function installAuthentication(app: FastifyInstance, identity: IdentityService, stepUp: StepUpPolicy | null = null): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('stepUpPolicy', null);
  app.addHook('onRequest', async (req) => {
    const token = tokenFrom(req.headers);
    req.principal = token ? await identity.authenticate(token) : null;
    req.stepUpPolicy = stepUp;
  });
}

/** The caller, or a 401 UNAUTHENTICATED. */
export function requireUser(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to do this (missing, unknown, expired or revoked token)');
  return req.principal;
}

/**
 * The caller if an admin, else 401/403. With MFA_ADMIN_REQUIRED the session must also be
 * stepped up recently (401 MFA_REQUIRED) and an admin without MFA must enroll (403
 * MFA_ENROLLMENT_REQUIRED); no query, the step-up time comes with the principal.
 */
export function requireAdmin(req: FastifyRequest): Principal {
  const p = requireUser(req);
  if (!p.isAdmin) throw new AppError('FORBIDDEN', 'Only an administrator can do this');
  const policy = req.stepUpPolicy;
  const problem = policy?.adminRequired ? stepUpNeeded(p, 'admin', policy, true) : null;
  if (problem) throw AppError.from(problem);
  return p;
}

/**
 * The caller, with a fresh step-up when they have MFA (401 MFA_REQUIRED otherwise), for
 * account and money actions: email, password, payment methods, payouts. Users without
 * MFA are let through: enrolling is theirs to choose (admins and high bids aside).
 */
export function requireStepUp(req: FastifyRequest, reason: StepUpReason): Principal {
  const p = requireUser(req);
  const problem = req.stepUpPolicy ? stepUpNeeded(p, reason, req.stepUpPolicy, false) : null;
  if (problem) throw AppError.from(problem);
  return p;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

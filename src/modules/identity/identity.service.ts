import { type Reader, safeTimeZone } from '../../shared/format.js';
import { pickLanguage } from '../../shared/i18n/index.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import { decodeCreatedAtCursor, encodeCursor } from '../../platform/cursor.js';
import { AppError, fail, ok, type Result } from '../../platform/errors.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { ChangeEmailBody, ChangePasswordBody, UpdateProfileBody } from '../../shared/api/identity.js';
import type { AuditNote, IdentityRepository } from './identity.repository.js';
import { checkLocale } from './profile-rules.js';
import type { AttemptKeys } from './login-attempts.repository.js';
import type { LoginThrottle } from './login-throttle.js';
import { appendAudit } from '../audit/index.js';
import type { StepUpMethod } from './step-up.js';
import {
  type AdminUserView,
  type SessionOrigin,
  type SessionView,
  type GrantableRole,
  type PublicProfile,
  ROLE_ADMIN,
  type Principal,
  type SellerSummary,
  type StandingChange,
  type User,
} from './identity.types.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';

/** Minimum password length; shorter is a 422 WEAK_PASSWORD. */
export const MIN_PASSWORD_LENGTH = 10;

// Sessions are looked up on every authenticated request (every bid); a short cache
// keeps that off the database. Logout on this instance evicts at once; another
// instance may honour a revoked token for at most this long.
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 50_000;

/** What identity needs of stored uploads (avatars): an upload's owner and content type. */
export interface UploadLookup {
  info(id: string): Promise<{ ownerId: string; contentType: string } | null>;
}

const gone = () => new AppError('UNAUTHENTICATED', 'This account no longer exists');

/**
 * The second factor at sign-in: for a user with MFA, a challenge to answer before any
 * session exists; null for a user without. Provided by the mfa module.
 */
export interface SecondFactor {
  challengeFor(userId: string): Promise<{ challengeId: string; methods: string[] } | null>;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Registration, login, sessions and admins. */
export class IdentityService {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private secondFactor: SecondFactor | null = null;

  constructor(
    private readonly repo: IdentityRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly sessionTtlMs: number,
    /** Slows failed sign-ins down; null: no back-off. */
    private readonly backoff: LoginThrottle | null = null,
    /** Avatars must be the caller's own image uploads; null: no avatars. */
    private readonly uploads: UploadLookup | null = null,
  ) {}

  /** Installs the second factor asked for at sign-in (the mfa module is built after identity). */
  useSecondFactor(f: SecondFactor): void {
    this.secondFactor = f;
  }

  /** How each user reads (language and time zone), for emails and notifications; unknown users read English in UTC. */
  async readersOf(userIds: readonly string[], db?: Tx): Promise<Map<string, Reader>> {
    const users = await this.repo.findManyByIds([...new Set(userIds)], db);
    const out = new Map<string, Reader>();
    for (const u of users) out.set(u.id, { language: pickLanguage([u.language]), timeZone: safeTimeZone(u.timeZone) });
    return out;
  }

  /** Display names by user id (unknown ids are left out), for receipts and order pages. */
  async displayNamesOf(userIds: readonly string[]): Promise<Map<string, string>> {
    const users = await this.repo.findManyByIds([...new Set(userIds)]);
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  async register(
    input: { email: string; password: string; displayName: string },
    origin?: SessionOrigin,
  ): Promise<Result<{ user: User; token: string }>> {
    const email = input.email.trim();
    const displayName = input.displayName.trim();
    if (displayName.length === 0) return fail('VALIDATION_FAILED', 'displayName must not be blank', { field: 'displayName' });
    const weak = checkPassword(input.password);
    if (weak) return weak;
    const user = await this.repo.insertUser({
      id: this.ids.next(),
      email,
      passwordHash: await hashPassword(input.password),
      displayName,
      roles: [],
    });
    if (!user) return fail('EMAIL_TAKEN', 'An account with this email already exists');
    const token = await this.openSession(user.id, { actorId: user.id, action: 'auth.registered', ip: origin?.ip ?? null }, origin);
    return ok({ user, token });
  }

  /**
   * Signs in. A user with MFA gets 401 MFA_REQUIRED with a challenge after the right
   * password, and no session until the challenge is answered (`completeSignIn`). With back-off on, an attempt that must still wait is refused with
   * RATE_LIMITED before any password hashing, and is not counted.
   */
  async login(
    input: { email: string; password: string },
    ip = '',
    userAgent: string | null = null,
  ): Promise<Result<{ user: User; token: string }>> {
    const email = input.email.trim();
    const keys: AttemptKeys = { account: email.toLowerCase(), ip, pair: `${email.toLowerCase()}|${ip}` };
    if (this.backoff) {
      const waitMs = await this.backoff.waitMs(keys, this.clock.now());
      if (waitMs > 0) {
        const retryAfterSeconds = Math.ceil(waitMs / 1000);
        return fail('RATE_LIMITED', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
      }
    }
    const found = await this.repo.findByEmail(email);
    // Verify against a dummy hash when the user is unknown: same work, same answer.
    const valid = await verifyPassword(found?.passwordHash ?? (await dummyHash()), input.password);
    if (!found || !valid) {
      await this.backoff?.recordFailure(keys, this.clock.now());
      // The address as typed identifies the target; the password is never recorded.
      await this.repo.auditAlone(
        { actorId: null, action: 'auth.login_failed', subjectType: 'user', subjectId: found?.id ?? null, ip: ip || null, data: { email: keys.account, knownAccount: !!found } },
        new Date(this.clock.now()),
      );
      return fail('INVALID_CREDENTIALS', 'Email or password is incorrect');
    }
    await this.backoff?.recordSuccess(keys, this.clock.now());
    // Only the holder of the password learns that the account is suspended.
    if (found.standing !== 'ok') return fail('ACCOUNT_SUSPENDED', 'This account is suspended', { standing: found.standing });
    const { passwordHash: _, standing: _standing, ...user } = found;
    const challenge = await this.secondFactor?.challengeFor(user.id);
    if (challenge) return fail('MFA_REQUIRED', 'Enter the code from your authenticator app to finish signing in', challenge);
    const token = await this.openSession(user.id, { actorId: user.id, action: 'auth.login', ip: ip || null }, { ip: ip || null, userAgent });
    return ok({ user, token });
  }

  /** Opens the session of a sign-in whose second factor was just proved: it starts stepped up. */
  async completeSignIn(userId: string, method: StepUpMethod, origin: SessionOrigin): Promise<{ user: User; token: string }> {
    const user = await this.repo.findById(userId);
    if (!user) throw gone();
    const token = await this.openSession(userId, { actorId: userId, action: 'auth.login', ip: origin.ip }, origin, method);
    return { user, token };
  }

  /** Marks the caller's session stepped up in `tx` (beside the audit row); applies at once on this instance. */
  async markSteppedUp(tx: Tx, p: Principal, method: StepUpMethod): Promise<void> {
    await this.repo.markSteppedUp(tx, p.tokenHash, method, new Date(this.clock.now()));
    this.cache.delete(p.tokenHash.toString('hex'));
  }

  /** Drops cached principals of a user (after MFA is enabled or disabled), so it applies at once. */
  forgetUser(userId: string): void {
    this.forgetSessionsOf(userId);
  }

  /** The caller's live sessions (the security page), most recently seen first. */
  sessionsOf(p: Principal, limit: number): Promise<SessionView[]> {
    return this.repo.liveSessions(p.userId, p.tokenHash, new Date(this.clock.now()), limit);
  }

  /**
   * Revokes one of the caller's sessions by id, or every other one; audited as
   * `session.revoked`. An id that is not a live session of the caller is 404 SESSION_NOT_FOUND.
   */
  async revokeSessions(p: Principal, which: { id: string } | 'others', ip: string | null): Promise<number> {
    if (which !== 'others' && !isUuid(which.id)) throw new AppError('SESSION_NOT_FOUND', 'No such session');
    const now = new Date(this.clock.now());
    const revoked = await this.repo.begin(async (tx) => {
      const rows = await this.repo.revokeSessions(tx, p.userId, which === 'others' ? { except: p.tokenHash } : which, now);
      if (rows.length > 0) {
        const data = { sessionIds: rows.map((r) => r.id), scope: which === 'others' ? 'others' : 'one' };
        await appendAudit(tx, { actorId: p.userId, action: 'session.revoked', subjectType: 'user', subjectId: p.userId, ip, data }, now);
      }
      return rows;
    });
    if (which !== 'others' && revoked.length === 0) throw new AppError('SESSION_NOT_FOUND', 'No such session');
    for (const r of revoked) this.cache.delete(r.tokenHash.toString('hex'));
    return revoked.length;
  }

  async logout(principal: Principal, ip = ''): Promise<void> {
    this.cache.delete(principal.tokenHash.toString('hex'));
    await this.repo.revokeSession(principal.tokenHash, new Date(this.clock.now()), {
      userId: principal.userId,
      note: { actorId: principal.userId, action: 'auth.logout', ip: ip || null },
    });
  }

  /** Resolves a bearer token to its principal, or null for unknown, expired or revoked tokens. */
  async authenticate(token: string): Promise<Principal | null> {
    if (token.length < 20 || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const key = tokenHash.toString('hex');
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.principal;
    const s = await this.repo.findLiveSession(tokenHash, new Date(now));
    if (!s) {
      this.cache.delete(key);
      return null;
    }
    const principal: Principal = {
      userId: s.userId,
      roles: s.roles,
      isAdmin: s.roles.includes(ROLE_ADMIN),
      tokenHash,
      mfaEnrolled: s.mfaEnrolled,
      steppedUpAt: s.steppedUpAt?.getTime() ?? null,
      ...(s.suspended ? { suspended: true } : {}),
    };
    if (this.cache.size >= SESSION_CACHE_MAX) this.cache.clear();
    this.cache.set(key, { principal, until: Math.min(now + SESSION_CACHE_MS, s.expiresAt.getTime()) });
    return principal;
  }

  getUser(id: string): Promise<User | null> {
    return this.repo.findById(id);
  }

  getUsers(ids: string[]): Promise<User[]> {
    return this.repo.findManyByIds(ids);
  }

  /** Creates the admin, or promotes and re-keys an existing account with that email. */
  async ensureAdmin(email: string, password: string, displayName = 'Administrator'): Promise<Result<User>> {
    const weak = checkPassword(password);
    if (weak) return weak;
    const passwordHash = await hashPassword(password);
    const existing = await this.repo.findByEmail(email);
    if (existing) {
      const granted = !existing.roles.includes(ROLE_ADMIN);
      const roles = granted ? [...existing.roles, ROLE_ADMIN] : existing.roles;
      const audit = { note: operatorGrant(existing.roles, roles), now: new Date(this.clock.now()) };
      await this.repo.setRolesAndPassword(existing.id, roles, passwordHash, granted ? audit : undefined);
      const { passwordHash: _, ...user } = existing;
      return ok({ ...user, roles });
    }
    const audit = { note: operatorGrant([], [ROLE_ADMIN]), now: new Date(this.clock.now()) };
    const user = await this.repo.insertUser({ id: this.ids.next(), email, passwordHash, displayName, roles: [ROLE_ADMIN] }, audit);
    if (!user) return fail('EMAIL_TAKEN', 'An account with this email already exists');
    return ok(user);
  }

  /** Creates a user with a known password (demo data and tests). */
  async createUser(email: string, password: string, displayName: string, roles: string[] = []): Promise<User> {
    const user = await this.repo.insertUser({ id: this.ids.next(), email, passwordHash: await hashPassword(password), displayName, roles });
    if (!user) throw new Error(`user ${email} exists`);
    return user;
  }

  // ================================================================== admin tools and profiles

  /** Admin list of users, newest first; `cursor` is the opaque `nextCursor` of the previous page. */
  async listUsers(q: { q?: string | undefined; limit?: number | undefined; cursor?: string | undefined }): Promise<{
    items: AdminUserView[];
    nextCursor: string | null;
  }> {
    const limit = q.limit ?? 50;
    const after = q.cursor ? decodeCreatedAtCursor(q.cursor) : null;
    const text = q.q?.trim() || null;
    const rows = await this.repo.searchUsers({ q: text, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursorTs: _, ...u }) => u),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorTs, last.id) : null,
    };
  }

  /**
   * Grants or revokes a role (audited: `role.granted`, `role.revoked`). An admin cannot revoke their own
   * admin role, so the last admin can never lock everyone out. Sessions of the account
   * pick up the change at once on this instance (and within the session cache time elsewhere).
   */
  async changeRole(
    actor: Principal,
    targetId: string,
    change: { action: 'grant' | 'revoke'; role: GrantableRole; reason?: string | undefined },
  ): Promise<AdminUserView> {
    if (!isUuid(targetId)) throw new AppError('USER_NOT_FOUND', 'No such user');
    if (change.action === 'revoke' && change.role === ROLE_ADMIN && targetId === actor.userId)
      throw new AppError('CANNOT_REVOKE_OWN_ADMIN', 'An administrator cannot revoke their own admin role; ask another admin');
    const r = await this.repo.changeRoles({
      actorId: actor.userId,
      targetId,
      change: (roles) =>
        change.action === 'grant' ? (roles.includes(change.role) ? roles : [...roles, change.role]) : roles.filter((x) => x !== change.role),
      action: change.action === 'grant' ? 'role.granted' : 'role.revoked',
      data: { role: change.role, reason: change.reason ?? null },
      now: new Date(this.clock.now()),
    });
    if (!r) throw new AppError('USER_NOT_FOUND', 'No such user');
    if (r.changed) this.forgetSessionsOf(targetId);
    const view = await this.repo.adminUser(targetId);
    if (!view) throw new AppError('USER_NOT_FOUND', 'No such user');
    return view;
  }

  /** A user's public profile (no email), or 404 USER_NOT_FOUND. */
  async profile(id: string): Promise<PublicProfile> {
    const p = isUuid(id) ? await this.repo.profile(id) : null;
    if (!p) throw new AppError('USER_NOT_FOUND', 'No such user');
    return { ...p, listingsUrl: `/api/v1/auctions?sellerId=${p.id}&status=scheduled,active` };
  }

  /** Sellers as listings show them, by id, in one query (unknown ids left out). */
  async sellerSummaries(ids: readonly string[]): Promise<Map<string, SellerSummary>> {
    const rows = await this.repo.sellerSummaries([...new Set(ids)].filter(isUuid));
    return new Map(rows.map((r) => [r.id, r]));
  }

  // ================================================================== the account's own settings

  /** Changes the caller's name, language, time zone or picture; a field left out keeps its value. */
  async updateProfile(p: Principal, patch: UpdateProfileBody): Promise<User> {
    const displayName = patch.displayName?.trim();
    if (displayName !== undefined && displayName.length === 0)
      throw new AppError('VALIDATION_FAILED', 'displayName must not be blank', { field: 'displayName' });
    checkLocale(patch);
    if (patch.avatarUploadId) await this.checkAvatar(p.userId, patch.avatarUploadId);
    const user = await this.repo.updateProfile(p.userId, {
      ...(displayName !== undefined ? { displayName } : {}),
      ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      ...(patch.avatarUploadId !== undefined ? { avatarUploadId: patch.avatarUploadId } : {}),
    });
    if (!user) throw gone();
    return user;
  }

  /** Changes the sign-in email after checking the current password. */
  async changeEmail(p: Principal, body: ChangeEmailBody, ip = ''): Promise<User> {
    await this.checkCurrentPassword(p.userId, body.currentPassword);
    const note = { actorId: p.userId, action: 'auth.email_changed', ip: ip || null };
    const user = await this.repo.setEmail(p.userId, body.email.trim(), { note, now: new Date(this.clock.now()) });
    if (!user) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists', { field: 'email' });
    return user;
  }

  /**
   * Changes the password after checking the current one, with the rules of registration.
   * Every other session of the account is revoked (a thief's copy too); this one stays.
   */
  async changePassword(p: Principal, body: ChangePasswordBody, ip = ''): Promise<void> {
    const weak = checkPassword(body.newPassword);
    if (weak) throw AppError.from({ ...weak.error, details: { ...weak.error.details, field: 'newPassword' } });
    await this.checkCurrentPassword(p.userId, body.currentPassword);
    const note = { actorId: p.userId, action: 'auth.password_changed', ip: ip || null };
    const revoked = await this.repo.setPassword(p.userId, await hashPassword(body.newPassword), p.tokenHash, new Date(this.clock.now()), note);
    for (const h of revoked) this.cache.delete(h.toString('hex'));
  }

  private async checkCurrentPassword(userId: string, password: string): Promise<void> {
    const found = await this.repo.findWithHashById(userId);
    if (!found) throw gone();
    if (!(await verifyPassword(found.passwordHash, password)))
      throw new AppError('WRONG_PASSWORD', 'The current password is not correct', { field: 'currentPassword' });
  }

  /** An avatar is an image the caller uploaded; anything else (unknown, someone else's) is one answer. */
  private async checkAvatar(userId: string, uploadId: string): Promise<void> {
    const info = await this.uploads?.info(uploadId);
    if (!info || info.ownerId !== userId || !info.contentType.startsWith('image/'))
      throw new AppError('INVALID_AVATAR', 'avatarUploadId must be an image you uploaded', { field: 'avatarUploadId' });
  }

  /**
   * Changes an account's standing in the caller's transaction (suspending or banning
   * revokes its sessions); call `standingCommitted` after the commit. False: no such user.
   */
  async setStanding(tx: Tx, userId: string, change: StandingChange): Promise<boolean> {
    return (await this.repo.setStanding(tx, userId, change, new Date(this.clock.now()))) !== null;
  }

  /** After a standing change committed: this instance forgets the user's cached sessions at once. */
  standingCommitted(userId: string): void {
    this.forgetSessionsOf(userId);
  }

  /** Drops cached principals of a user so a role change applies to their next request. */
  private forgetSessionsOf(userId: string): void {
    for (const [k, v] of this.cache) if (v.principal.userId === userId) this.cache.delete(k);
  }

  private async openSession(userId: string, note: AuditNote, origin?: SessionOrigin, steppedUp?: StepUpMethod): Promise<string> {
    const token = `gv_${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    await this.repo.insertSession({
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(now + this.sessionTtlMs),
      origin,
      steppedUp: steppedUp ? { at: new Date(now), method: steppedUp } : undefined,
    }, { note, now: new Date(now) });
    return token;
  }
}

/** An operator (the CLI or ADMIN_EMAIL at start) made an account an admin: no acting user. */
function operatorGrant(before: string[], after: string[]): AuditNote {
  return { actorId: null, action: 'role.granted', data: { role: ROLE_ADMIN, by: 'operator', before, after } };
}

function checkPassword(
  password: string,
): { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } } | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return fail('WEAK_PASSWORD', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`, { minLength: MIN_PASSWORD_LENGTH });
  return null;
}

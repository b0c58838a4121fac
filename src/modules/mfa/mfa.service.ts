import QRCode from 'qrcode';
import type { Clock } from '../../platform/clock.js';
import type { DataKeys } from '../../platform/data-keys.js';
import type { Tx } from '../../platform/db.js';
import { AppError, type Problem } from '../../platform/errors.js';
import type { IdGenerator } from '../../platform/ids.js';
import { isUuid } from '../../platform/ids.js';
import type { ChallengeAnswerBody, ChallengeResult, MfaStatus, TotpEnrollment } from '../../shared/api/mfa.js';
import { appendAudit } from '../audit/index.js';
import type { BidAttempt } from '../auctions/index.js';
import {
  checkStepUpChallenge,
  type IdentityService,
  isStepUpChallengeId,
  type Principal,
  type SessionOrigin,
  STEP_UP_METHODS,
  type StepUpMethod,
  type StepUpPolicy,
  type StepUpReason,
  stepUpNeeded,
} from '../identity/index.js';
import type { MfaRepository } from './mfa.repository.js';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

// A sign-in challenge is answered right after the password; five minutes is plenty.
const SIGN_IN_CHALLENGE_MS = 5 * 60_000;
// Five wrong codes in a row lock code entry for five minutes: a six-digit code cannot be guessed.
const MAX_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

/** What the mfa module is built from. */
export interface MfaDeps {
  repo: MfaRepository;
  identity: IdentityService;
  /** Seals TOTP secrets at rest. */
  keys: DataKeys;
  clock: Clock;
  ids: IdGenerator;
  /** Key of the recovery codes' keyed hash. */
  recoveryKey: Buffer;
  policy: StepUpPolicy;
  /** Bids and buy-now above this amount (minor units) need a fresh step-up. */
  stepUpAbove: number;
  /** The issuer name authenticator apps show. */
  issuer: string;
}

type Verified = { ok: true; method: StepUpMethod } | { ok: false; problem: Problem };

/** TOTP enrollment, recovery codes, sign-in challenges and step-up. */
export class MfaService {
  constructor(private readonly d: MfaDeps) {}

  /** The step-up rules (authentication hands them to every request). */
  get policy(): StepUpPolicy {
    return this.d.policy;
  }

  /** The caller's second-factor state and their session's step-up. */
  async status(p: Principal): Promise<MfaStatus> {
    const row = await this.d.repo.find(p.userId);
    const enabled = row?.enabledAt ?? null;
    const at = p.steppedUpAt ?? null;
    const until = at !== null && at + this.d.policy.windowMs > this.d.clock.now() ? at + this.d.policy.windowMs : null;
    return {
      totp: enabled !== null,
      enabledAt: enabled?.toISOString() ?? null,
      recoveryCodesLeft: enabled ? await this.d.repo.recoveryCodesLeft(p.userId) : 0,
      steppedUpAt: at !== null ? new Date(at).toISOString() : null,
      steppedUpUntil: until !== null ? new Date(until).toISOString() : null,
    };
  }

  /** Starts enrolling an authenticator app: a new secret (sealed at rest), its URI and QR code. */
  async startTotp(p: Principal, email: string): Promise<TotpEnrollment> {
    const secret = newTotpSecret();
    if (!(await this.d.repo.startPending(p.userId, this.d.keys.seal(secret))))
      throw new AppError('MFA_ALREADY_ENABLED', 'Two-factor authentication is already on; turn it off first to change it');
    const otpauthUri = totpUri(secret, this.d.issuer, email);
    return { secret, otpauthUri, qrSvg: await QRCode.toString(otpauthUri, { type: 'svg', margin: 1 }) };
  }

  /**
   * Confirms enrollment with a first code: MFA is on, the session counts as stepped up,
   * and ten recovery codes are returned this once (only their hashes are kept).
   */
  async confirmTotp(p: Principal, code: string, ip: string | null): Promise<{ recoveryCodes: string[] }> {
    const now = new Date(this.d.clock.now());
    const codes = newRecoveryCodes();
    const result = await this.d.repo.begin(async (tx) => {
      const row = await this.d.repo.lock(tx, p.userId);
      if (!row) return 'MFA_NOT_STARTED' as const;
      if (row.enabledAt) return 'MFA_ALREADY_ENABLED' as const;
      const step = matchTotp(this.d.keys.open(row.sealedSecret), code, now.getTime(), row.lastStep);
      if (step === null) return 'MFA_CODE_INVALID' as const;
      await this.d.repo.enable(tx, p.userId, step, now);
      await this.d.repo.replaceRecoveryCodes(tx, p.userId, codes.map((c) => hashRecoveryCode(this.d.recoveryKey, c)));
      await this.audit(tx, p.userId, 'mfa.enrolled', ip, { method: 'totp' }, now);
      await this.d.identity.markSteppedUp(tx, p, 'totp');
      return 'ok' as const;
    });
    if (result === 'MFA_NOT_STARTED') throw new AppError(result, 'Start enrollment first (POST /api/v1/me/mfa/totp)');
    if (result === 'MFA_ALREADY_ENABLED') throw new AppError(result, 'Two-factor authentication is already on');
    if (result === 'MFA_CODE_INVALID') throw new AppError(result, 'The code is not correct; check the app and try again');
    this.d.identity.forgetUser(p.userId);
    return { recoveryCodes: codes };
  }

  /** Turns TOTP on with a known secret, without recovery codes: the demo admin only, never from HTTP. */
  async enrollKnownSecret(userId: string, secret: string): Promise<void> {
    const now = new Date(this.d.clock.now());
    await this.d.repo.begin(async (tx) => {
      await this.d.repo.upsertEnabled(tx, userId, this.d.keys.seal(secret), now);
      await this.audit(tx, userId, 'mfa.enrolled', null, { method: 'totp', demo: true }, now);
    });
    this.d.identity.forgetUser(userId);
  }

  /** The otpauth URI of a secret (the demo banner prints the demo admin's). */
  uriOf(secret: string, account: string): string {
    return totpUri(secret, this.d.issuer, account);
  }

  /** Turns MFA off (the route demands a fresh step-up first). */
  async disable(p: Principal, ip: string | null): Promise<void> {
    const now = new Date(this.d.clock.now());
    await this.d.repo.begin(async (tx) => {
      const row = await this.d.repo.lock(tx, p.userId);
      if (!row?.enabledAt) throw new AppError('MFA_NOT_ENROLLED', 'Two-factor authentication is not on');
      await this.d.repo.remove(tx, p.userId);
      await this.audit(tx, p.userId, 'mfa.disabled', ip, { method: 'totp' }, now);
    });
    this.d.identity.forgetUser(p.userId);
  }

  /** Ten new recovery codes; the old ones stop working (the route demands a fresh step-up first). */
  async regenerateRecoveryCodes(p: Principal, ip: string | null): Promise<{ recoveryCodes: string[] }> {
    const now = new Date(this.d.clock.now());
    const codes = newRecoveryCodes();
    await this.d.repo.begin(async (tx) => {
      const row = await this.d.repo.lock(tx, p.userId);
      if (!row?.enabledAt) throw new AppError('MFA_NOT_ENROLLED', 'Two-factor authentication is not on');
      await this.d.repo.replaceRecoveryCodes(tx, p.userId, codes.map((c) => hashRecoveryCode(this.d.recoveryKey, c)));
      await this.audit(tx, p.userId, 'mfa.recovery_regenerated', ip, {}, now);
    });
    return { recoveryCodes: codes };
  }

  /** The sign-in challenge for a user with MFA (the identity module's second-factor port); null without. */
  async challengeFor(userId: string): Promise<{ challengeId: string; methods: string[] } | null> {
    const row = await this.d.repo.find(userId);
    if (!row?.enabledAt) return null;
    const id = this.d.ids.next();
    const now = this.d.clock.now();
    await this.d.repo.insertChallenge(id, userId, new Date(now + SIGN_IN_CHALLENGE_MS));
    // Sign-ins with MFA are rare enough to tidy up as they come: no job of its own.
    await this.d.repo.pruneChallenges(new Date(now - 86_400_000));
    return { challengeId: id, methods: [...STEP_UP_METHODS] };
  }

  /**
   * Answers a challenge with a TOTP or recovery code. A sign-in challenge (single-use,
   * expiring) opens a stepped-up session; a step-up challenge (bound to the caller's
   * session) steps that session up. Wrong codes are audited and counted.
   */
  async answer(challengeId: string, body: ChallengeAnswerBody, caller: Principal | null, origin: SessionOrigin): Promise<ChallengeResult> {
    const now = new Date(this.d.clock.now());
    const until = new Date(now.getTime() + this.d.policy.windowMs).toISOString();
    if (isStepUpChallengeId(challengeId)) {
      if (!caller) throw new AppError('UNAUTHENTICATED', 'Sign in to do this (missing, unknown, expired or revoked token)');
      if (!checkStepUpChallenge(challengeId, caller.tokenHash, now.getTime())) throw challengeGone();
      await this.verifyOrThrow(caller.userId, body, origin.ip, now, { context: 'step_up' }, async (tx, method) => {
        await this.d.identity.markSteppedUp(tx, caller, method);
      });
      // Again after the commit: a request in between may have cached the session as it was.
      this.d.identity.forgetUser(caller.userId);
      return { kind: 'step_up', steppedUpUntil: until };
    }
    if (!isUuid(challengeId)) throw challengeGone();
    const uid = await this.d.repo.challengeUser(challengeId, now);
    if (!uid) throw challengeGone();
    let used: StepUpMethod = 'totp';
    await this.verifyOrThrow(uid, body, origin.ip, now, { context: 'sign_in' }, async (tx, method) => {
      // Locked again inside the answering transaction: two answers at once, one wins.
      if ((await this.d.repo.lockChallenge(tx, challengeId, now)) !== uid) throw challengeGone();
      await this.d.repo.useChallenge(tx, challengeId, now);
      used = method;
    });
    const { user, token } = await this.d.identity.completeSignIn(uid, used, origin);
    return { kind: 'sign_in', user, token, steppedUpUntil: until };
  }

  /**
   * The problem that demands a step-up of this principal (401 MFA_REQUIRED with a
   * challenge, or 403 MFA_ENROLLMENT_REQUIRED without MFA), or null when the session is
   * fresh. For other modules (the risk engine's `step_up` decisions); no query.
   */
  async stepUpProblem(principal: Principal, reason: StepUpReason, opts: { requireEnrollment?: boolean } = {}): Promise<Problem | null> {
    return stepUpNeeded(principal, reason, this.d.policy, opts.requireEnrollment ?? true);
  }

  /** The bid guard: bids and buy-now above MFA_STEP_UP_ABOVE need a fresh step-up (no query per bid). */
  readonly bidGuard = async (a: BidAttempt): Promise<Problem | null> => {
    const amount = a.kind === 'buy_now' ? a.state.buyNowPrice : a.amount;
    if (amount === null || amount <= this.d.stepUpAbove) return null;
    return stepUpNeeded(a.principal, a.kind === 'buy_now' ? 'buy_now' : 'bid', this.d.policy, true);
  };

  /** Checks the code in a transaction; on success runs `then` there too, on failure commits the count and throws. */
  private async verifyOrThrow(
    userId: string,
    body: ChallengeAnswerBody,
    ip: string | null,
    now: Date,
    data: Record<string, unknown>,
    then: (tx: Tx, method: StepUpMethod) => Promise<void>,
  ): Promise<void> {
    const r = await this.d.repo.begin(async (tx): Promise<Verified> => {
      const v = await this.verify(tx, userId, body, now);
      if (v.ok) {
        await then(tx, v.method);
        await this.audit(tx, userId, 'mfa.step_up', ip, { ...data, method: v.method }, now);
      } else if (v.problem.code === 'MFA_CODE_INVALID') {
        await this.audit(tx, userId, 'mfa.step_up_failed', ip, { ...data, method: 'code' in body ? 'totp' : 'recovery' }, now);
      }
      return v;
    });
    if (!r.ok) throw AppError.from(r.problem);
  }

  private async verify(tx: Tx, userId: string, body: ChallengeAnswerBody, now: Date): Promise<Verified> {
    const row = await this.d.repo.lock(tx, userId);
    if (!row?.enabledAt) return { ok: false, problem: { code: 'MFA_NOT_ENROLLED', message: 'Two-factor authentication is not on' } };
    if (row.lockedUntil && row.lockedUntil > now) {
      const retryAfterSeconds = Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
      return { ok: false, problem: { code: 'MFA_LOCKED', message: 'Too many wrong codes; try again later', details: { retryAfterSeconds } } };
    }
    if ('code' in body) {
      const step = matchTotp(this.d.keys.open(row.sealedSecret), body.code, now.getTime(), row.lastStep);
      if (step !== null) {
        await this.d.repo.acceptStep(tx, userId, step);
        return { ok: true, method: 'totp' };
      }
    } else if (await this.d.repo.useRecoveryCode(tx, userId, hashRecoveryCode(this.d.recoveryKey, body.recoveryCode), now)) {
      await this.d.repo.resetFailures(tx, userId);
      return { ok: true, method: 'recovery' };
    }
    await this.d.repo.countFailure(tx, userId, MAX_FAILURES, new Date(now.getTime() + LOCK_MS));
    // A code of a step already used reads as wrong: replay fails.
    return { ok: false, problem: { code: 'MFA_CODE_INVALID', message: 'The code is not correct or was already used' } };
  }

  private audit(tx: Tx, userId: string, action: string, ip: string | null, data: Record<string, unknown>, now: Date) {
    return appendAudit(tx, { actorId: userId, action, subjectType: 'user', subjectId: userId, ip, data }, now);
  }
}

const challengeGone = () => new AppError('MFA_CHALLENGE_NOT_FOUND', 'This sign-in or confirmation has expired or was already used; start again');

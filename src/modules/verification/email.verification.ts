import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { IdGenerator } from '../../platform/ids.js';
import { appendAudit } from '../audit/index.js';
import type { Mailer } from '../notifications/index.js';
import type { LevelCache } from './level.cache.js';
import type { VerificationRepository } from './verification.repository.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest();

const invalid = (reason: 'unknown' | 'used' | 'expired' | 'email_changed') =>
  new AppError('VERIFICATION_TOKEN_INVALID', 'This confirmation link is not valid any more; ask for a new one', { reason }, 422);

/** Email verification: a single-use, expiring link sent through the mailer; only the token's hash is stored. */
export class EmailVerification {
  constructor(
    private readonly d: {
      sql: Sql;
      repo: VerificationRepository;
      clock: Clock;
      ids: IdGenerator;
      mailer: Mailer;
      cache: LevelCache;
      ttlMs: number;
      /** The web app's confirmation page (absolute when PUBLIC_URL is set). */
      confirmUrl: string;
    },
  ) {}

  /** Sends a confirmation link to the user's current address (every request sends a fresh one). */
  async start(userId: string): Promise<void> {
    const email = await this.d.repo.emailOf(userId);
    if (!email) throw new AppError('USER_NOT_FOUND', 'No such user', undefined, 404);
    const token = `ev_${randomBytes(24).toString('base64url')}`;
    const now = this.d.clock.now();
    await this.d.repo.insertEmailToken(userId, email, hashOf(token), now, now + this.d.ttlMs);
    const link = `${this.d.confirmUrl}?token=${encodeURIComponent(token)}`;
    const hours = Math.round(this.d.ttlMs / 3_600_000);
    await this.d.mailer.send({
      id: this.d.ids.next(),
      to: email,
      subject: 'Confirm your email address for Gavel',
      text: `Please confirm your email address by opening this link (valid for ${hours} hours, once):\n\n${link}\n\nIf you did not ask for this, ignore this email.`,
    });
  }

  /** Confirms the address the link was sent to: once, before it expires, while it is still the account's email. */
  async confirm(token: string): Promise<{ userId: string }> {
    const now = this.d.clock.now();
    const hash = hashOf(token);
    const userId = await this.d.sql.begin(async (tx) => {
      const t = await this.d.repo.lockEmailToken(tx, hash);
      if (!t) throw invalid('unknown');
      if (t.used) throw invalid('used');
      if (t.expiresAt <= now) throw invalid('expired');
      const current = await this.d.repo.emailOf(t.userId, tx);
      if (!current || current.toLowerCase() !== t.email.toLowerCase()) throw invalid('email_changed');
      await this.d.repo.useEmailToken(tx, hash, now);
      await this.d.repo.grant(tx, t.userId, 'email', now, { email: t.email });
      const data = { level: 'email', status: 'verified' };
      await appendAudit(tx, { actorId: t.userId, action: 'verification.outcome', subjectType: 'user', subjectId: t.userId, data }, new Date(now));
      return t.userId;
    });
    this.d.cache.invalidate(userId);
    return { userId };
  }
}

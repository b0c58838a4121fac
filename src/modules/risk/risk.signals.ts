import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { RiskDecision } from './domain/score.js';
import { type CaseUpsert, upsertCases } from './risk.cases.js';

/** One row of risk_signals: what came with a bid, reservation, login or payment method. */
export interface SignalRow {
  kind: 'bid' | 'buy_now' | 'reservation' | 'login' | 'login_failed' | 'payment_method';
  at: number;
  userId: string | null;
  auctionId: string | null;
  ip: string | null;
  ipPrefix: string | null;
  userAgent: string | null;
  deviceId: string | null;
  traitsHash: string | null;
  cardFingerprint: string | null;
  amount: number | null;
  currency: string | null;
  decision: RiskDecision | null;
  score: number | null;
}

/** A buffer this full is written at once instead of waiting for the timer. */
const MAX_PENDING = 5_000;
const CHUNK = 1_000;

/**
 * Writes signals (and review-case updates) off the request path: callers only push to
 * a buffer; a timer writes it with one multi-row insert per chunk. A crash loses what
 * was buffered since the last write (at most RISK_SIGNALS_FLUSH_MS of signals); the
 * bids themselves are committed by the engine regardless.
 */
export class SignalWriter {
  private pending: SignalRow[] = [];
  private cases = new Map<string, CaseUpsert>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { sql: Sql; clock: Clock; ids: IdGenerator; log: Logger; flushMs: number }) {}

  push(row: SignalRow): void {
    this.pending.push(row);
    if (this.pending.length >= MAX_PENDING) void this.flush();
  }

  /** Opens or updates the open case of (user, kind, auction); repeated updates within a flush collapse to the last. */
  upsertCase(c: CaseUpsert): void {
    const key = `${c.subjectUserId}|${c.kind}|${c.auctionId ?? ''}`;
    const prev = this.cases.get(key);
    this.cases.set(key, prev && prev.score > c.score ? { ...c, score: prev.score } : c);
  }

  get buffered(): number {
    return this.pending.length + this.cases.size;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.deps.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Writes what is buffered (one flush at a time). */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.write()).catch((err: unknown) => this.deps.log.error({ err }, 'writing risk signals failed'));
    return this.writing;
  }

  private async write(): Promise<void> {
    const rows = this.pending;
    const cases = [...this.cases.values()];
    this.pending = [];
    this.cases = new Map();
    const { sql, ids } = this.deps;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK).map((r) => ({
        id: ids.next(),
        at: new Date(r.at),
        kind: r.kind,
        user_id: r.userId,
        auction_id: r.auctionId,
        ip: r.ip,
        ip_prefix: r.ipPrefix,
        user_agent: r.userAgent,
        device_id: r.deviceId,
        traits_hash: r.traitsHash,
        card_fingerprint: r.cardFingerprint,
        amount: r.amount,
        currency: r.currency,
        decision: r.decision,
        score: r.score,
      }));
      await sql`insert into risk_signals ${sql(chunk)}`;
    }
    if (cases.length > 0) await upsertCases(sql, ids, cases, this.deps.clock.now());
  }
}

/** Deletes signals older than the retention window, in bounded batches; returns how many. */
export async function deleteOldSignals(sql: Sql, now: number, retentionDays: number): Promise<number> {
  const cutoff = new Date(now - retentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const r = await sql`
      delete from risk_signals where id in (select id from risk_signals where at < ${cutoff} limit 10000)`;
    total += r.count;
    if (r.count < 10_000) return total;
  }
}

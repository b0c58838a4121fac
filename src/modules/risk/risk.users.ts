import { createHash } from 'node:crypto';
import type { Sql } from '../../platform/db.js';
import type { UserFacts } from './domain/features.js';

/** A card's fingerprint: the same card saved twice (or by two accounts) gives the same value. */
export function cardFingerprint(c: { gateway: string; brand: string; last4: string; expMonth: number; expYear: number }): string {
  return createHash('sha256').update(`${c.gateway}:${c.brand}:${c.last4}:${c.expMonth}/${c.expYear}`).digest('hex');
}

/** The user's verification level; the verification module provides it (until then: none). */
export type VerificationLevelOf = (userId: string) => Promise<UserFacts['level']>;

const TTL_MS = 10 * 60_000;
const MAX = 100_000;

/**
 * Account facts the score needs (age, verification, email domain, card fingerprints),
 * cached per user: one query the first time a user bids in ten minutes, none per bid.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { at: number; facts: UserFacts }>();

  constructor(
    private readonly sql: Sql,
    private readonly now: () => number,
    private readonly levelOf: VerificationLevelOf,
  ) {}

  /** The cached facts, if any (no I/O). */
  peek(userId: string): UserFacts | null {
    return this.cache.get(userId)?.facts ?? null;
  }

  async get(userId: string): Promise<UserFacts | null> {
    const hit = this.cache.get(userId);
    if (hit && hit.at > this.now() - TTL_MS) return hit.facts;
    const facts = await this.load([userId]);
    return facts.get(userId) ?? null;
  }

  /** Drops a user's facts (a card was added, a verification finished). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  /** The fingerprint of the user's most recently saved card. */
  async newestCard(userId: string): Promise<string | null> {
    const [r] = await this.sql<{ gateway: string; brand: string; last4: string; exp_month: number; exp_year: number }[]>`
      select gateway, brand, last4, exp_month, exp_year from payment_methods
      where user_id = ${userId} and deleted_at is null order by created_at desc, id desc limit 1`;
    return r ? cardFingerprint({ gateway: r.gateway, brand: r.brand, last4: r.last4, expMonth: r.exp_month, expYear: r.exp_year }) : null;
  }

  /** Loads (and caches) the facts of many users in one query (the default card first). */
  async load(userIds: readonly string[]): Promise<Map<string, UserFacts>> {
    const out = new Map<string, UserFacts>();
    if (userIds.length === 0) return out;
    const rows = await this.sql<
      { id: string; created_at: Date; domain: string; gateway: string | null; brand: string | null; last4: string | null; exp_month: number | null; exp_year: number | null }[]
    >`
      select u.id, u.created_at, split_part(lower(u.email), '@', 2) as domain, pm.gateway, pm.brand, pm.last4, pm.exp_month, pm.exp_year
      from users u left join payment_methods pm on pm.user_id = u.id and pm.deleted_at is null
      where u.id = any(${userIds as string[]}::uuid[])
      order by pm.is_default desc nulls last, pm.created_at`;
    const cards = new Map<string, string[]>();
    for (const r of rows) {
      const list = cards.get(r.id) ?? [];
      if (r.gateway && r.brand && r.last4 && r.exp_month !== null && r.exp_year !== null) {
        list.push(cardFingerprint({ gateway: r.gateway, brand: r.brand, last4: r.last4, expMonth: r.exp_month, expYear: r.exp_year }));
      }
      cards.set(r.id, list);
    }
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const facts: UserFacts = { createdAt: r.created_at.getTime(), level: await this.levelOf(r.id), cards: cards.get(r.id) ?? [], emailDomain: r.domain || null };
      if (this.cache.size >= MAX) this.cache.clear();
      this.cache.set(r.id, { at: this.now(), facts });
      out.set(r.id, facts);
    }
    return out;
  }
}

import type { Sql, Tx } from '../../platform/db.js';

/** Who watches which auction, in PostgreSQL. */
export class WatchlistRepository {
  constructor(private readonly sql: Sql) {}

  /** Adds the watch (once) and runs `then` in the same transaction. */
  async add(userId: string, auctionId: string, at: Date, then: (tx: Tx) => Promise<void>): Promise<void> {
    await this.sql.begin(async (t) => {
      const tx = t as unknown as Tx;
      await tx`insert into watchlist (user_id, auction_id, created_at) values (${userId}, ${auctionId}, ${at})
        on conflict do nothing`;
      await then(tx);
    });
  }

  async remove(userId: string, auctionId: string): Promise<void> {
    await this.sql`delete from watchlist where user_id = ${userId} and auction_id = ${auctionId}`;
  }

  /** A user's watches, most recent first. */
  async watchedBy(userId: string, limit: number): Promise<{ auctionId: string; watchedAt: Date }[]> {
    const rows = await this.sql<{ auction_id: string; created_at: Date }[]>`
      select auction_id, created_at from watchlist where user_id = ${userId} order by created_at desc limit ${limit}`;
    return rows.map((r) => ({ auctionId: r.auction_id, watchedAt: r.created_at }));
  }

  async watchers(auctionId: string): Promise<string[]> {
    const rows = await this.sql<{ user_id: string }[]>`select user_id from watchlist where auction_id = ${auctionId}`;
    return rows.map((r) => r.user_id);
  }

  async count(auctionId: string): Promise<number> {
    const [row] = await this.sql<{ n: number }[]>`select count(*)::int as n from watchlist where auction_id = ${auctionId}`;
    return row?.n ?? 0;
  }
}

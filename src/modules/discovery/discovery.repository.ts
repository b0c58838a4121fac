import type { Sql } from '../../platform/db.js';
import { appendAudit } from '../audit/index.js';

/** Raw figures of a category and its descendants. */
export interface CategoryFigures {
  activeCount: number;
  bidsLastHour: number;
  medians: { currency: string; amount: number; count: number }[];
}

/** A category and all categories below it, as a subquery of ids. */
const subtree = (sql: Sql, categoryId: string) =>
  sql`(with recursive c as (select id from categories where id = ${categoryId}
      union all select k.id from categories k join c on k.parent_id = c.id) select id from c)`;

/** Feature windows (columns on auctions, migration 0023) and category statistics. */
export class DiscoveryRepository {
  constructor(private readonly sql: Sql) {}

  /** Ids of open auctions inside their feature window, most recently featured first. */
  async featured(now: number, limit: number): Promise<string[]> {
    const t = new Date(now);
    const rows = await this.sql<{ id: string }[]>`
      select id from auctions
      where featured_until > ${t} and featured_from <= ${t} and status in ('scheduled', 'active') and ends_at > ${t} and paused_at is null
      order by featured_from desc, id limit ${limit}`;
    return rows.map((r) => r.id);
  }

  /**
   * Sets (window) or ends (null) an auction's feature window and writes the admin
   * audit row in the same transaction. Answers the auction's status, or null when
   * there is no such auction.
   */
  async setWindow(
    auctionId: string,
    window: { from: number; until: number } | null,
    audit: { actorId: string; action: string; at: number },
  ): Promise<string | null> {
    return this.sql.begin(async (tx) => {
      const rows = window
        ? await tx<{ status: string }[]>`
            update auctions set featured_from = ${new Date(window.from)}, featured_until = ${new Date(window.until)}, featured_by = ${audit.actorId}
            where id = ${auctionId} and status not in ('closed', 'cancelled') returning status`
        : await tx<{ status: string }[]>`
            update auctions set featured_from = null, featured_until = null, featured_by = null where id = ${auctionId} returning status`;
      if (rows.length === 0) {
        const [found] = await tx<{ status: string }[]>`select status from auctions where id = ${auctionId}`;
        return found?.status ?? null;
      }
      const data = window ? { from: new Date(window.from).toISOString(), until: new Date(window.until).toISOString() } : {};
      await appendAudit(tx, { actorId: audit.actorId, action: audit.action, subjectType: 'auction', subjectId: auctionId, data }, new Date(audit.at));
      return rows[0]?.status ?? null;
    });
  }

  async categoryExists(categoryId: string): Promise<boolean> {
    const rows = await this.sql`select 1 from categories where id = ${categoryId}`;
    return rows.length > 0;
  }

  /**
   * Active auctions, bids placed by people in the last hour, and the median hammer
   * price per currency over 30 days, of a category and its descendants. The median
   * is percentile_cont rounded to whole minor units (the mean of the two middle
   * prices for an even count).
   */
  async figures(categoryId: string, now: number): Promise<CategoryFigures> {
    const s = this.sql;
    const t = new Date(now);
    const [counts, medians] = await Promise.all([
      s<{ active: number; bids: number }[]>`
        select
          (select count(*) from auctions a where a.category_id in ${subtree(s, categoryId)} and a.status = 'active' and a.ends_at > ${t})::int as active,
          (select count(*) from auction_events e join auctions a on a.id = e.auction_id
            where e.type = 'bid_placed' and e.at > ${new Date(now - 3_600_000)} and e.at <= ${t}
              and e.data ->> 'kind' <> 'proxy' and a.category_id in ${subtree(s, categoryId)})::int as bids`,
      s<{ currency: string; amount: string; n: number }[]>`
        select currency, round(percentile_cont(0.5) within group (order by final_price))::bigint as amount, count(*)::int as n
        from auctions
        where outcome = 'sold' and final_price is not null and closed_at > ${new Date(now - 30 * 86_400_000)} and category_id in ${subtree(s, categoryId)}
        group by currency order by currency`,
    ]);
    return {
      activeCount: counts[0]?.active ?? 0,
      bidsLastHour: counts[0]?.bids ?? 0,
      medians: medians.map((m) => ({ currency: m.currency.trim(), amount: Number(m.amount), count: m.n })),
    };
  }
}

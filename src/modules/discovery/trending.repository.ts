import type { Sql } from '../../platform/db.js';

/**
 * How a live auction's trending score is made (also in docs/ARCHITECTURE.md):
 * every bid a person placed in the last 24 hours (automatic proxy raises are not
 * interest of their own), every new watcher of the last 24 hours and every page view
 * still in the per-hour view table (the current and previous hour) adds its weight,
 * halved for every HALF_LIFE of age. A bid is the strongest sign of interest, a new
 * watcher next, a view the weakest.
 */
export const TREND = {
  halfLifeSeconds: 6 * 3600,
  windowHours: 24,
  bidWeight: 1,
  watcherWeight: 0.6,
  viewWeight: 0.2,
} as const;

/** One advisory lock key for the run, so one instance computes per tick. */
const TREND_LOCK = 'discovery.trending';

/** Trending scores in PostgreSQL (table auction_trend, migration 0023). */
export class TrendingRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Recomputes every live auction's score in ONE statement, as of `now` (the injected
   * clock, never the database's): activity is summed per auction, live auctions keep
   * or get their row, every other row is deleted. Null when another instance holds
   * the lock (it is computing the same thing).
   */
  recompute(now: number): Promise<number | null> {
    return this.sql.begin(async (tx) => {
      const [lock] = await tx<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(hashtext(${TREND_LOCK})) as ok`;
      if (!lock?.ok) return null;
      const t = new Date(now);
      const half = TREND.halfLifeSeconds;
      const since = new Date(now - TREND.windowHours * 3_600_000);
      // Age in seconds of a timestamp column, as of `now`.
      const age = (col: string) => tx`greatest(0, extract(epoch from (${t}::timestamptz - ${tx(col)}))::float8)`;
      const [row] = await tx<{ n: number }[]>`
        with activity as (
          select e.auction_id as id, ${TREND.bidWeight}::float8 * power(0.5::float8, ${age('e.at')} / ${half}::float8) as w
          from auction_events e
          where e.type = 'bid_placed' and e.at > ${since} and e.at <= ${t} and e.data ->> 'kind' <> 'proxy'
          union all
          select w.auction_id, ${TREND.watcherWeight}::float8 * power(0.5::float8, ${age('w.created_at')} / ${half}::float8)
          from watchlist w where w.created_at > ${since} and w.created_at <= ${t}
          union all
          -- A view keeps only its hour: it is aged from the middle of that hour.
          select v.auction_id, ${TREND.viewWeight}::float8 * power(0.5::float8,
            greatest(0, extract(epoch from ${t}::timestamptz)::float8 - (v.hour * 3600 + 1800)) / ${half}::float8)
          from auction_viewers v where v.hour::float8 * 3600 <= extract(epoch from ${t}::timestamptz)::float8
        ),
        scored as (
          select a.id, sum(x.w) as score
          from activity x join auctions a on a.id = x.id
          where a.status = 'active' and a.ends_at > ${t}
          group by a.id
        ),
        kept as (
          insert into auction_trend (auction_id, score, computed_at)
          select id, score, ${t} from scored
          on conflict (auction_id) do update set score = excluded.score, computed_at = excluded.computed_at
          returning auction_id
        ),
        gone as (
          delete from auction_trend d where not exists (select 1 from scored s where s.id = d.auction_id)
          returning 1
        )
        select (select count(*) from kept)::int as n`;
      return row?.n ?? 0;
    });
  }

  /** Ids of live auctions by score, best first (a category includes its descendants). */
  async top(now: number, limit: number, categoryId?: string): Promise<string[]> {
    const t = new Date(now);
    const s = this.sql;
    const inCategory = categoryId
      ? s`and a.category_id in (with recursive c as (select id from categories where id = ${categoryId}
          union all select k.id from categories k join c on k.parent_id = c.id) select id from c)`
      : s``;
    const rows = await s<{ id: string }[]>`
      select t.auction_id as id from auction_trend t join auctions a on a.id = t.auction_id
      where a.status = 'active' and a.ends_at > ${t} and a.paused_at is null ${inCategory}
      order by t.score desc, t.auction_id limit ${limit}`;
    return rows.map((r) => r.id);
  }
}

import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql, Tx } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';

/** A message in a user's inbox. */
export interface Notification {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** What a module asks to tell a user. */
export interface NotificationRequest {
  userId: string;
  /** Stable kind, e.g. outbid, won, lost, ending_soon, payment_needed. */
  kind: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
}

interface Row {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}
const toNotification = (r: Row): Notification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  data: r.data,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

/** The persisted inbox; new notifications are also pushed on the bus channel `user:<id>`. */
export class NotificationService {
  constructor(
    private readonly sql: Sql,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * Stores notifications (inside `tx` when given) and returns them. Without `tx`
   * they are published at once; with `tx` the caller publishes after its commit.
   */
  async notify(reqs: NotificationRequest[], tx?: Tx): Promise<Notification[]> {
    if (reqs.length === 0) return [];
    const db = tx ?? this.sql;
    const now = new Date(this.clock.now());
    const rows = await db<Row[]>`
      insert into notifications (id, user_id, kind, title, body, data, created_at)
      select i, u, k, t, b, d::jsonb, ${now}::timestamptz
      from unnest(${reqs.map(() => this.ids.next())}::uuid[], ${reqs.map((r) => r.userId)}::uuid[],
        ${reqs.map((r) => r.kind)}::text[], ${reqs.map((r) => r.title)}::text[], ${reqs.map((r) => r.body ?? '')}::text[],
        ${reqs.map((r) => JSON.stringify(r.data ?? {}))}::text[]) as x(i, u, k, t, b, d)
      returning *`;
    const list = rows.map(toNotification);
    if (!tx) this.publish(list);
    return list;
  }

  /** Pushes stored notifications to the users' live connections. */
  publish(list: Notification[]): void {
    for (const n of list) this.bus.publish(`user:${n.userId}`, JSON.stringify({ type: 'notification', notification: n }));
  }

  async list(
    userId: string,
    opts: { unreadOnly?: boolean; limit: number; before?: string },
  ): Promise<{ items: Notification[]; unread: number }> {
    const rows = await this.sql<Row[]>`
      select * from notifications where user_id = ${userId}
        ${opts.unreadOnly ? this.sql`and read_at is null` : this.sql``}
        ${opts.before ? this.sql`and id < ${opts.before}` : this.sql``}
      order by id desc limit ${opts.limit}`;
    const [c] = await this.sql<{ n: number }[]>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`;
    return { items: rows.map(toNotification), unread: c?.n ?? 0 };
  }

  /** Marks some (or, with no ids, all) of a user's notifications read; returns how many changed. */
  async markRead(userId: string, ids: string[] | null): Promise<number> {
    const now = new Date(this.clock.now());
    const r = ids
      ? await this.sql`update notifications set read_at = ${now} where user_id = ${userId} and id = any(${ids}::uuid[]) and read_at is null`
      : await this.sql`update notifications set read_at = ${now} where user_id = ${userId} and read_at is null`;
    return r.count;
  }
}

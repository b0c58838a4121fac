import { enqueue } from '../../engine/outbox.js';
import type { Bus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql, Tx } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import { type ChannelPrefs, defaultsFor, NOTIFICATION_KINDS, type NotificationKind } from './notification.kinds.js';

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
  /** Same key, same user: stored and sent once (makes retried handlers idempotent). */
  dedupeKey?: string;
}

/** Outbox topic of email delivery. */
export const EMAIL_TOPIC = 'email.deliver';

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

/**
 * The persisted inbox and the email queue. New in-app notifications are pushed on
 * the bus channel `user:<id>`; emails go to `email_messages` and the outbox.
 * Each kind is delivered per the user's preferences (defaults in notification.kinds.ts).
 */
export class NotificationService {
  /** Called after emails were queued outside a caller's transaction (nudges the outbox worker). */
  onEmailQueued: () => void = () => {};

  constructor(
    private readonly sql: Sql,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * Stores notifications (inside `tx` when given) and returns the inbox rows made.
   * Without `tx` they are published at once; with `tx` the caller publishes after
   * its commit. Requests repeating a `dedupeKey` already stored are skipped.
   */
  async notify(reqs: NotificationRequest[], tx?: Tx): Promise<Notification[]> {
    if (reqs.length === 0) return [];
    if (tx) return (await this.store(reqs, tx)).list;
    const { list, emails } = await this.sql.begin((t) => this.store(reqs, t as unknown as Tx));
    this.publish(list);
    if (emails > 0) this.onEmailQueued();
    return list;
  }

  private async store(reqs: NotificationRequest[], db: Tx): Promise<{ list: Notification[]; emails: number }> {
    const prefs = await this.prefsOf(db, [...new Set(reqs.map((r) => r.userId))]);
    const pref = (r: NotificationRequest) => prefs.get(`${r.userId}|${r.kind}`) ?? defaultsFor(r.kind);
    const inApp = reqs.filter((r) => pref(r).inApp);
    const now = new Date(this.clock.now());
    let list: Notification[] = [];
    if (inApp.length > 0) {
      const rows = await db<Row[]>`
        insert into notifications (id, user_id, kind, title, body, data, created_at, dedupe_key)
        select i, u, k, t, b, d::jsonb, ${now}::timestamptz, dk
        from unnest(${inApp.map(() => this.ids.next())}::uuid[], ${inApp.map((r) => r.userId)}::uuid[],
          ${inApp.map((r) => r.kind)}::text[], ${inApp.map((r) => r.title)}::text[], ${inApp.map((r) => r.body ?? '')}::text[],
          ${inApp.map((r) => JSON.stringify(r.data ?? {}))}::text[], ${inApp.map((r) => r.dedupeKey ?? null)}::text[])
          as x(i, u, k, t, b, d, dk)
        on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
        returning id, user_id, kind, title, body, data, created_at, read_at`;
      list = rows.map(toNotification);
    }
    const byEmail = reqs.filter((r) => pref(r).email);
    let emails = 0;
    if (byEmail.length > 0) {
      // The address is read at queue time: a user who changes it later gets later mail there.
      const ids = await db<{ id: string }[]>`
        insert into email_messages (id, user_id, to_address, subject, body_text, dedupe_key, created_at)
        select x.i, x.u, us.email, x.s, x.b, x.dk, ${now}::timestamptz
        from unnest(${byEmail.map(() => this.ids.next())}::uuid[], ${byEmail.map((r) => r.userId)}::uuid[],
          ${byEmail.map((r) => r.title)}::text[], ${byEmail.map((r) => emailText(r))}::text[], ${byEmail.map((r) => r.dedupeKey ?? null)}::text[])
          as x(i, u, s, b, dk)
        join users us on us.id = x.u
        on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
        returning id`;
      await enqueue(
        db,
        ids.map((r) => ({ topic: EMAIL_TOPIC, payload: { emailId: r.id } })),
        now.getTime(),
      );
      emails = ids.length;
    }
    return { list, emails };
  }

  /** After the caller's commit: pushes stored notifications to live connections and wakes the email worker. */
  publish(list: Notification[]): void {
    this.onEmailQueued();
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

  // ------------------------------------------------------------ preferences

  private async prefsOf(db: Tx | Sql, userIds: string[]): Promise<Map<string, ChannelPrefs>> {
    const rows = await db<{ user_id: string; kind: string; in_app: boolean; email: boolean }[]>`
      select user_id, kind, in_app, email from notification_preferences where user_id = any(${userIds}::uuid[])`;
    return new Map(rows.map((r) => [`${r.user_id}|${r.kind}`, { inApp: r.in_app, email: r.email }]));
  }

  /** Every known kind with the user's choice or the default. */
  async preferences(userId: string): Promise<{ kind: NotificationKind; inApp: boolean; email: boolean }[]> {
    const mine = await this.prefsOf(this.sql, [userId]);
    return NOTIFICATION_KINDS.map((kind) => ({ kind, ...(mine.get(`${userId}|${kind}`) ?? defaultsFor(kind)) }));
  }

  /** Changes some kinds; channels left out keep their current value. */
  async setPreferences(userId: string, changes: { kind: NotificationKind; inApp?: boolean; email?: boolean }[]) {
    const current = new Map((await this.preferences(userId)).map((p) => [p.kind, p]));
    const rows = changes.map((c) => {
      const cur = current.get(c.kind) ?? { kind: c.kind, ...defaultsFor(c.kind) };
      return { kind: c.kind, inApp: c.inApp ?? cur.inApp, email: c.email ?? cur.email };
    });
    if (rows.length > 0) {
      await this.sql`
        insert into notification_preferences (user_id, kind, in_app, email)
        select ${userId}::uuid, k, i::boolean, e::boolean
        from unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => String(r.inApp))}::text[],
          ${rows.map((r) => String(r.email))}::text[]) as x(k, i, e)
        on conflict (user_id, kind) do update set in_app = excluded.in_app, email = excluded.email`;
    }
    return this.preferences(userId);
  }
}

function emailText(r: NotificationRequest): string {
  return `${r.title}\n\n${r.body ?? ''}\n\n-- \nGavel. Change which emails you get in your notification settings.\n`;
}

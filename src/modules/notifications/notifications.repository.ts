import type { Sql, Tx } from '../../platform/db.js';
import { asNoticeMessage, type NoticeMessage } from '../../shared/notices.js';
import type { NotificationMessage } from '../../shared/realtime-protocol.js';
import type { ChannelPrefs, NotificationKind } from './notification.kinds.js';

/** A message in a user's inbox: the shape pushed live is the shape stored. */
export type Notification = NotificationMessage['notification'];

/** One inbox row or queued email to insert (ids are given by the service). */
export type NewMessage = Omit<Notification, 'createdAt' | 'updatedAt' | 'readAt' | 'message'> & {
  message: NoticeMessage | null;
  dedupeKey: string | null;
};

/** A queued email as the delivery worker sees it. */
export interface QueuedEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  userId: string | null;
  /** Null on emails queued before notices had keys: their stored text is sent. */
  message: NoticeMessage | null;
}

interface Row {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  message: unknown;
  created_at: Date;
  updated_at: Date | null;
  read_at: Date | null;
}
const toNotification = (r: Row): Notification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  message: asNoticeMessage(r.message),
  data: r.data,
  createdAt: r.created_at.toISOString(),
  updatedAt: (r.updated_at ?? r.created_at).toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

const jsonOrNull = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** The inbox, the email queue and the preferences in PostgreSQL. */
export class NotificationsRepository {
  constructor(private readonly sql: Sql) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.sql.begin((t) => work(t as unknown as Tx)) as Promise<T>;
  }

  /** Inserts inbox rows; a repeated (user, dedupe key) is skipped. Returns the rows made. */
  async insertNotifications(db: Tx, rows: NewMessage[], at: Date): Promise<Notification[]> {
    if (rows.length === 0) return [];
    const made = await db<Row[]>`
      insert into notifications (id, user_id, kind, title, body, message, data, created_at, dedupe_key)
      select i, u, k, t, b, m::jsonb, d::jsonb, ${at}::timestamptz, dk
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.userId)}::uuid[],
        ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.body)}::text[],
        ${rows.map((r) => jsonOrNull(r.message))}::text[], ${rows.map((r) => JSON.stringify(r.data))}::text[],
        ${rows.map((r) => r.dedupeKey)}::text[])
        as x(i, u, k, t, b, m, d, dk)
      on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
      returning id, user_id, kind, title, body, message, data, created_at, updated_at, read_at`;
    return made.map(toNotification);
  }

  /** Queues emails (`title` the subject, `body` the text); returns the ids of those not already queued. */
  async insertEmails(db: Tx, mails: NewMessage[], at: Date): Promise<string[]> {
    if (mails.length === 0) return [];
    // The address is read at queue time: a user who changes it later gets later mail there.
    const ids = await db<{ id: string }[]>`
      insert into email_messages (id, user_id, to_address, subject, body_text, message, dedupe_key, created_at)
      select x.i, x.u, us.email, x.s, x.b, x.m::jsonb, x.dk, ${at}::timestamptz
      from unnest(${mails.map((m) => m.id)}::uuid[], ${mails.map((m) => m.userId)}::uuid[],
        ${mails.map((m) => m.title)}::text[], ${mails.map((m) => m.body)}::text[], ${mails.map((m) => jsonOrNull(m.message))}::text[],
        ${mails.map((m) => m.dedupeKey)}::text[])
        as x(i, u, s, b, m, dk)
      join users us on us.id = x.u
      on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
      returning id`;
    return ids.map((r) => r.id);
  }

  async list(userId: string, opts: { unreadOnly?: boolean; limit: number; before?: string }): Promise<Notification[]> {
    const rows = await this.sql<Row[]>`
      select * from notifications where user_id = ${userId}
        ${opts.unreadOnly ? this.sql`and read_at is null` : this.sql``}
        ${opts.before ? this.sql`and id < ${opts.before}` : this.sql``}
      order by id desc limit ${opts.limit}`;
    return rows.map(toNotification);
  }

  async unreadCount(userId: string): Promise<number> {
    const [c] = await this.sql<{ n: number }[]>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`;
    return c?.n ?? 0;
  }

  /** Marks some (or, with null, all) unread notifications of a user read; returns how many changed. */
  async markRead(userId: string, ids: string[] | null, at: Date): Promise<number> {
    const r = ids
      ? await this.sql`update notifications set read_at = ${at} where user_id = ${userId} and id = any(${ids}::uuid[]) and read_at is null`
      : await this.sql`update notifications set read_at = ${at} where user_id = ${userId} and read_at is null`;
    return r.count;
  }

  /** Unread "outbid" notices of these (user, auction) pairs, keyed `user:auction`. */
  async unreadOutbid(pairs: { userId: string; auctionId: string }[]): Promise<Map<string, string>> {
    if (pairs.length === 0) return new Map();
    const rows = await this.sql<{ id: string; user_id: string; auction_id: string }[]>`
      select n.id, n.user_id, n.data->>'auctionId' as auction_id from notifications n
      join unnest(${pairs.map((p) => p.userId)}::uuid[], ${pairs.map((p) => p.auctionId)}::text[]) as x(u, a)
        on n.user_id = x.u and n.data->>'auctionId' = x.a
      where n.kind = 'outbid' and n.read_at is null`;
    return new Map(rows.map((r) => [`${r.user_id}:${r.auction_id}`, r.id]));
  }

  /** Rewrites stored notifications in place (title, body, message, data); each is then as of `at`. */
  async rewrite(updates: Omit<NewMessage, 'userId' | 'kind' | 'dedupeKey'>[], at: Date): Promise<void> {
    if (updates.length === 0) return;
    await this.sql`
      update notifications n set title = x.t, body = x.b, message = x.m::jsonb, data = x.d::jsonb, updated_at = ${at}::timestamptz
      from unnest(${updates.map((u) => u.id)}::uuid[], ${updates.map((u) => u.title)}::text[],
                  ${updates.map((u) => u.body)}::text[], ${updates.map((u) => jsonOrNull(u.message))}::text[],
                  ${updates.map((u) => JSON.stringify(u.data))}::text[]) as x(id, t, b, m, d)
      where n.id = x.id`;
  }

  // ------------------------------------------------------------ email delivery

  /** Counts a delivery attempt and returns the email (null when unknown). */
  async claimEmail(id: string): Promise<QueuedEmail | null> {
    const [m] = await this.sql<
      { id: string; to_address: string; subject: string; body_text: string; status: string; user_id: string | null; message: unknown }[]
    >`
      update email_messages set attempts = attempts + 1 where id = ${id}
      returning id, to_address, subject, body_text, status, user_id, message`;
    if (!m) return null;
    return { id: m.id, to: m.to_address, subject: m.subject, text: m.body_text, status: m.status, userId: m.user_id, message: asNoticeMessage(m.message) };
  }

  async emailFailed(id: string, error: string): Promise<void> {
    await this.sql`update email_messages set last_error = ${error.slice(0, 500)} where id = ${id}`;
  }

  async emailSent(id: string, at: Date): Promise<void> {
    await this.sql`update email_messages set status = 'sent', sent_at = ${at}, last_error = null where id = ${id}`;
  }

  // ------------------------------------------------------------ preferences

  /** Stored choices of these users, keyed `user|kind`. */
  async prefsOf(userIds: string[], db: Tx | Sql = this.sql): Promise<Map<string, ChannelPrefs>> {
    const rows = await db<{ user_id: string; kind: string; in_app: boolean; email: boolean }[]>`
      select user_id, kind, in_app, email from notification_preferences where user_id = any(${userIds}::uuid[])`;
    return new Map(rows.map((r) => [`${r.user_id}|${r.kind}`, { inApp: r.in_app, email: r.email }]));
  }

  async savePrefs(userId: string, rows: { kind: NotificationKind; inApp: boolean; email: boolean }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.sql`
      insert into notification_preferences (user_id, kind, in_app, email)
      select ${userId}::uuid, k, i::boolean, e::boolean
      from unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => String(r.inApp))}::text[],
        ${rows.map((r) => String(r.email))}::text[]) as x(k, i, e)
      on conflict (user_id, kind) do update set in_app = excluded.in_app, email = excluded.email`;
  }
}

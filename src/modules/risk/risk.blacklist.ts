import { BlockList, isIP } from 'node:net';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Logger } from '../../platform/logger.js';

/** Kinds of identifiers an admin can refuse. */
export type BlacklistKind = 'email_domain' | 'ip_range' | 'device' | 'card';

interface Entry {
  expiresAt: number | null;
}

interface Range extends Entry {
  list: BlockList;
}

/** What a request or bid is checked against. */
export interface Identifiers {
  ip?: string | null;
  deviceId?: string | null;
  emailDomain?: string | null;
  cards?: readonly string[];
}

function rangeOf(value: string): BlockList | null {
  const [net = '', bits] = value.split('/');
  const family = isIP(net);
  if (family === 0) return null;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return null;
  list.addSubnet(net, prefix, type);
  return list;
}

/**
 * The blacklist as an in-memory copy, refreshed every few seconds (and on demand), so a
 * bid or a login is checked without a query. Expiry is checked at each look-up as well,
 * so an entry lapses on time even between refreshes.
 */
export class Blacklist {
  private exact = new Map<string, Entry>();
  private ranges: Range[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: { sql: Sql; clock: Clock; log: Logger; refreshMs: number }) {}

  async refresh(): Promise<void> {
    const now = new Date(this.deps.clock.now());
    const rows = await this.deps.sql<{ kind: BlacklistKind; value: string; expires_at: Date | null }[]>`
      select kind, value, expires_at from blacklist where expires_at is null or expires_at > ${now}`;
    const exact = new Map<string, Entry>();
    const ranges: Range[] = [];
    for (const r of rows) {
      const expiresAt = r.expires_at?.getTime() ?? null;
      if (r.kind === 'ip_range') {
        const list = rangeOf(r.value);
        if (list) ranges.push({ list, expiresAt });
        else this.deps.log.warn({ value: r.value }, 'blacklist: not an IP range');
      } else exact.set(`${r.kind}:${r.kind === 'email_domain' ? r.value.toLowerCase() : r.value}`, { expiresAt });
    }
    this.exact = exact;
    this.ranges = ranges;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.deps.log.error({ err }, 'blacklist refresh failed'));
    }, this.deps.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Whether any of the identifiers is refused now (which one is never told to the caller). */
  refuses(ids: Identifiers): boolean {
    const now = this.deps.clock.now();
    const live = (e: Entry | undefined) => e !== undefined && (e.expiresAt === null || e.expiresAt > now);
    if (ids.deviceId && live(this.exact.get(`device:${ids.deviceId}`))) return true;
    if (ids.emailDomain && live(this.exact.get(`email_domain:${ids.emailDomain.toLowerCase()}`))) return true;
    for (const c of ids.cards ?? []) if (live(this.exact.get(`card:${c}`))) return true;
    if (ids.ip && this.ranges.length > 0) {
      const ip = ids.ip.startsWith('::ffff:') && ids.ip.includes('.') ? ids.ip.slice(7) : ids.ip;
      const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
      for (const r of this.ranges) if (live(r) && r.list.check(ip, type)) return true;
    }
    return false;
  }
}

import { isIP } from 'node:net';
import { appendAudit } from '../audit/index.js';
import type { Clock } from '../../platform/clock.js';
import { decodeCreatedAtCursor, encodeCursor } from '../../platform/cursor.js';
import type { Sql, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import type { BlacklistAddBody, BlacklistEntry, BlacklistKind, BlacklistList, BlacklistQuery } from '../../shared/api/review.js';
import type { BlacklistRecord, ReviewRepository } from './review.repository.js';

const DOMAIN = /^(?=.{3,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DEVICE = /^[A-Za-z0-9_-]{16,64}$/;
const CARD = /^[A-Za-z0-9_:-]{6,128}$/;

const invalid = (kind: BlacklistKind, field = 'value') =>
  new AppError('INVALID_BLACKLIST_VALUE', `The value is not a valid ${kind.replace('_', ' ')}`, { field, kind });

/** An IP range as CIDR (`a.b.c.d/n`, `x:y::/n`), normalised to lower case; a bare address is its own /32 or /128. */
function cidr(value: string): string | null {
  const [addr = '', bits, extra] = value.split('/');
  if (extra !== undefined) return null;
  const family = isIP(addr);
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  const n = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(n) || n < 8 || n > max || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return null;
  return `${addr.toLowerCase()}/${n}`;
}

/** The stored form of an identifier, or a 422 INVALID_BLACKLIST_VALUE naming the kind. */
export function normaliseIdentifier(kind: BlacklistKind, raw: string): string {
  const value = raw.trim();
  switch (kind) {
    case 'email_domain': {
      const d = value.toLowerCase().replace(/^@/, '');
      if (!DOMAIN.test(d)) throw invalid(kind);
      return d;
    }
    case 'ip_range': {
      const c = cidr(value);
      if (c === null) throw invalid(kind);
      return c;
    }
    case 'device':
      if (!DEVICE.test(value)) throw invalid(kind);
      return value;
    case 'card':
      if (!CARD.test(value)) throw invalid(kind);
      return value;
    default: {
      const never: never = kind;
      throw invalid(never);
    }
  }
}

const ipv4 = (ip: string): number | null => {
  const v = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v) !== 4) return null;
  return v.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
};

/** Whether an IPv4 address lies in an IPv4 CIDR range (IPv6 ranges match their /48 prefix text). */
export function inRange(ip: string, range: string): boolean {
  const [base = '', bitsText = ''] = range.split('/');
  const bits = Number(bitsText);
  const a = ipv4(ip);
  const b = ipv4(base);
  if (a !== null && b !== null) {
    const size = 2 ** (32 - bits);
    return Math.floor(a / size) === Math.floor(b / size);
  }
  return ip.toLowerCase() === base || (bits === 48 && ip.toLowerCase().startsWith(base.replace(/::$/, ':')));
}

export const presentEntry = (e: BlacklistRecord, now: number): BlacklistEntry => ({
  id: e.id,
  kind: e.kind,
  value: e.value,
  reason: e.reason,
  createdBy: e.createdBy,
  createdAt: e.createdAt.toISOString(),
  expiresAt: e.expiresAt ? e.expiresAt.toISOString() : null,
  active: e.expiresAt === null || e.expiresAt.getTime() > now,
});

/** One identifier to refuse, as the review actions ask for it. */
export interface BlacklistRequest {
  kind: BlacklistKind;
  value: string;
  reason: string;
  expiresAt: Date | null;
}

/**
 * Identifiers refused until they expire: admin list/add/remove (audited), and an in-memory
 * copy of the entries in force for checks on hot paths (refreshed by the review module).
 */
export class Blacklist {
  private active: BlacklistRecord[] = [];

  constructor(
    private readonly deps: { sql: Sql; repo: ReviewRepository; clock: Clock; ids: IdGenerator },
  ) {}

  async list(q: BlacklistQuery): Promise<BlacklistList> {
    const limit = q.limit ?? 50;
    const now = this.deps.clock.now();
    const rows = await this.deps.repo.listBlacklist({
      kind: q.kind ?? null,
      includeExpired: q.includeExpired ?? false,
      now: new Date(now),
      limit: limit + 1,
      after: q.cursor ? decodeCreatedAtCursor(q.cursor) : null,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => presentEntry(r, now)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorTs, last.id) : null,
    };
  }

  /** Adds identifiers in the caller's transaction (no audit: the caller's action records them). */
  async addWithin(tx: Tx, admin: Principal, items: BlacklistRequest[]): Promise<BlacklistRecord[]> {
    const now = this.deps.clock.now();
    const out: BlacklistRecord[] = [];
    for (const it of items) {
      if (it.expiresAt !== null && it.expiresAt.getTime() <= now)
        throw new AppError('VALIDATION_FAILED', 'expiresAt must be in the future', { field: 'expiresAt' }, 400);
      const value = normaliseIdentifier(it.kind, it.value);
      out.push(
        await this.deps.repo.upsertBlacklist(tx, {
          id: this.deps.ids.next(),
          kind: it.kind,
          value,
          reason: it.reason,
          createdBy: admin.userId,
          createdAt: new Date(now),
          expiresAt: it.expiresAt,
        }),
      );
    }
    return out;
  }

  /** POST /admin/blacklist: one identifier, audited as `review.blacklist`. */
  async add(admin: Principal, body: BlacklistAddBody, ip: string | null): Promise<BlacklistEntry> {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    const now = this.deps.clock.now();
    const [entry] = await this.deps.sql.begin(async (tx) => {
      const added = await this.addWithin(tx, admin, [{ kind: body.kind, value: body.value, reason: body.reason, expiresAt }]);
      const e = added[0] as BlacklistRecord;
      const data = { kind: e.kind, value: e.value, reason: body.reason, expiresAt: e.expiresAt?.toISOString() ?? null };
      await appendAudit(tx, { actorId: admin.userId, action: 'review.blacklist', subjectType: 'blacklist', subjectId: e.id, ip, data }, new Date(now));
      return [e];
    });
    await this.refresh();
    return presentEntry(entry as BlacklistRecord, now);
  }

  /** DELETE /admin/blacklist/:id, audited as `review.blacklist_removed`. */
  async remove(admin: Principal, id: string, ip: string | null): Promise<BlacklistEntry> {
    const gone = () => new AppError('BLACKLIST_ENTRY_NOT_FOUND', 'No such blacklist entry');
    if (!isUuid(id)) throw gone();
    const now = this.deps.clock.now();
    const [removed] = await this.deps.sql.begin(async (tx) => {
      const e = await this.deps.repo.removeBlacklist(tx, id);
      if (!e) throw gone();
      const data = { kind: e.kind, value: e.value };
      await appendAudit(tx, { actorId: admin.userId, action: 'review.blacklist_removed', subjectType: 'blacklist', subjectId: e.id, ip, data }, new Date(now));
      return [e];
    });
    await this.refresh();
    return presentEntry(removed as BlacklistRecord, now);
  }

  /** Re-reads the entries in force (also drops expired ones from the in-memory copy). */
  async refresh(): Promise<void> {
    this.active = await this.deps.repo.activeBlacklist(new Date(this.deps.clock.now()));
  }

  /** Whether any identifier in force matches (no I/O): the device id, the IP (range), the card, the email's domain. */
  matches(ids: { ip?: string | null; deviceId?: string | null; card?: string | null; email?: string | null }): boolean {
    const now = this.deps.clock.now();
    const domain = ids.email?.split('@')[1]?.toLowerCase() ?? null;
    return this.active.some((e) => {
      if (e.expiresAt !== null && e.expiresAt.getTime() <= now) return false;
      switch (e.kind) {
        case 'device':
          return ids.deviceId === e.value;
        case 'card':
          return ids.card === e.value;
        case 'email_domain':
          return domain !== null && (domain === e.value || domain.endsWith(`.${e.value}`));
        case 'ip_range':
          return !!ids.ip && inRange(ids.ip, e.value);
        default: {
          const never: never = e.kind;
          return never;
        }
      }
    });
  }
}

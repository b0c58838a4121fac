import type { Sql } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditVerifyResult } from '../../shared/api/audit.js';
import { type AuditRecord, GENESIS_HASH, verifyChain } from './audit.chain.js';
import { type AuditDbRow, auditRowOf, readChain } from './audit.log.js';

/** What the admin list filters by (every field optional; `action` ending in `.` or `*` is a prefix). */
export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** A stored row as the presenter reads it. */
export type AuditRow = AuditRecord & { hash: string };

/** The cursor is the last row's seq; pages go on below it. */
export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeAuditCursor(cursor: string): number {
  const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new AppError('VALIDATION_FAILED', 'cursor is not valid', { in: 'querystring', field: 'cursor' }, 400);
  return Number(m[1]);
}

/** The prefix an `action` filter stands for, or null when it names one action. */
export function actionPrefix(action: string): string | null {
  if (action.endsWith('*')) return action.slice(0, -1);
  return action.endsWith('.') ? action : null;
}

/** Reading and checking the audit log (admins and the CLI); writing is `appendAudit`, in the caller's transaction. */
export class AuditService {
  constructor(private readonly sql: Sql) {}

  /** Rows matching `f`, newest first, `limit` at a time below `beforeSeq`. */
  async search(f: AuditFilter, limit: number, beforeSeq: number | null): Promise<AuditRow[]> {
    const s = this.sql;
    const prefix = f.action ? actionPrefix(f.action) : null;
    const rows = await s<AuditDbRow[]>`
      select * from audit_log
      where true
        ${f.action && prefix === null ? s`and action = ${f.action}` : s``}
        ${prefix !== null ? s`and starts_with(action, ${prefix})` : s``}
        ${f.actorId ? s`and actor_id = ${f.actorId}` : s``}
        ${f.subjectType ? s`and subject_type = ${f.subjectType}` : s``}
        ${f.subjectId ? s`and subject_id = ${f.subjectId}` : s``}
        ${f.from ? s`and at >= ${new Date(f.from)}` : s``}
        ${f.to ? s`and at < ${new Date(f.to)}` : s``}
        ${beforeSeq !== null ? s`and seq < ${beforeSeq}` : s``}
      order by seq desc
      limit ${limit}`;
    return rows.map(auditRowOf);
  }

  /** A page and the cursor of the next one. */
  async page(f: AuditFilter, limit: number, cursor: string | undefined): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
    const rows = await this.search(f, limit + 1, cursor ? decodeAuditCursor(cursor) : null);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeAuditCursor(last.seq) : null };
  }

  /** Every matching row, newest first, in pages (for the CSV export), at most `max`. */
  async *rows(f: AuditFilter, max: number, pageSize = 500): AsyncGenerator<AuditRow> {
    let before: number | null = null;
    let n = 0;
    while (n < max) {
      const want = Math.min(pageSize, max - n);
      const page = await this.search(f, want, before);
      for (const r of page) yield r;
      n += page.length;
      const last = page[page.length - 1];
      if (!last || page.length < want) return;
      before = last.seq;
    }
  }

  /** Walks the whole chain from the genesis in pages; the first break, if any. */
  async verify(pageSize = 1000): Promise<AuditVerifyResult> {
    let prev = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const rows = await readChain(this.sql, prev.seq + 1, pageSize);
      if (rows.length === 0) return { ok: true, checked };
      const broken = verifyChain(rows, prev);
      if (broken) return { ok: false, checked: checked + rows.findIndex((r) => r.seq === broken.seq), break: broken };
      checked += rows.length;
      const last = rows[rows.length - 1] as AuditRow;
      prev = { seq: last.seq, hash: last.hash };
    }
  }
}

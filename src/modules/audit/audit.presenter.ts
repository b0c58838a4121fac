import { AUDIT_CSV_COLUMNS, type AuditEntryView } from '../../shared/api/audit.js';
import type { AuditRow } from './audit.service.js';

/** An audit row on the wire. */
export function presentAuditEntry(r: AuditRow): AuditEntryView {
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actorId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    ip: r.ip,
    data: (r.data ?? {}) as Record<string, unknown>,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled.
 * A text starting like a spreadsheet formula gets a leading apostrophe, so opening the
 * export never runs what an attacker put into a logged value.
 */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header line of the export. */
export const auditCsvHeader = (): string => `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

/** One row of the export, CRLF-terminated. */
export function auditCsvLine(r: AuditRow): string {
  const v = presentAuditEntry(r);
  return `${AUDIT_CSV_COLUMNS.map((c) => csvField(v[c])).join(',')}\r\n`;
}

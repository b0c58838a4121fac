/** The audit log's wire contract: the admin list (JSON or CSV) and the chain check. */
import { type Static, Type } from 'typebox';
import { Id, IsoTime, JsonObject, NextCursor, Nullable, OneOf, Seq, Strict } from './common.js';

/** Largest page of the admin list. */
export const AUDIT_PAGE_MAX = 200;
/** Most rows one CSV export writes (narrow the filter, e.g. by time, for more). */
export const AUDIT_CSV_MAX_ROWS = 100_000;

/** The filters shared by the list and its CSV export. */
const AuditFilterFields = {
  action: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[a-z0-9_.]+\\*?$',
      description: 'An action name (`auth.login`), or a prefix ending in `.` or `*` (`auth.`, `payment.*`)',
    }),
  ),
  actorId: Type.Optional(Id({ description: 'The acting user' })),
  subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' })),
  subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  from: Type.Optional(IsoTime({ description: 'Inclusive' })),
  to: Type.Optional(IsoTime({ description: 'Exclusive' })),
};

export const AuditQuery = Strict({
  ...AuditFilterFields,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: 50 })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  format: Type.Optional(OneOf(['json', 'csv'] as const, { description: `csv: every matching row (at most ${AUDIT_CSV_MAX_ROWS}), streamed` })),
});
export type AuditQuery = Static<typeof AuditQuery>;

/** One audit row as admins see it: the chained fields and the hashes that link them. */
export const AuditEntrySchema = Type.Object(
  {
    seq: Seq(),
    at: IsoTime(),
    actorId: Nullable(Type.String()),
    action: Type.String(),
    subjectType: Type.String(),
    subjectId: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    data: JsonObject,
    prevHash: Type.String(),
    hash: Type.String(),
  },
  { $id: 'AuditEntry' },
);
export type AuditEntryView = Static<typeof AuditEntrySchema>;

/** A page of the log, newest first. */
export const AuditPage = Type.Object({ items: Type.Array(Type.Ref('AuditEntry')), nextCursor: NextCursor });
export type AuditPage = { items: AuditEntryView[]; nextCursor: string | null };

/** Why the chain breaks at a row: a missing row (`gap`), a changed link (`link`) or changed content (`hash`). */
export const AUDIT_BREAK_REASONS = ['gap', 'link', 'hash'] as const;

/** The result of walking the whole chain. */
export const AuditVerifySchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ minimum: 0, description: 'Rows checked' }),
  break: Type.Optional(Type.Object({ seq: Seq(), reason: OneOf(AUDIT_BREAK_REASONS) })),
});
export type AuditVerifyResult = Static<typeof AuditVerifySchema>;

/** The CSV export's columns, in order. */
export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actorId', 'action', 'subjectType', 'subjectId', 'ip', 'data', 'prevHash', 'hash'] as const;

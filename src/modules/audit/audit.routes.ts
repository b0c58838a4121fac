import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, JsonOrCsv } from '../../platform/schemas.js';
import { AUDIT_CSV_MAX_ROWS, AuditEntrySchema, AuditPage, AuditQuery, AuditVerifySchema } from '../../shared/api/audit.js';
import { requireAdmin } from '../identity/index.js';
import { auditCsvHeader, auditCsvLine, presentAuditEntry } from './audit.presenter.js';
import type { AuditFilter, AuditService } from './audit.service.js';

const tags = ['admin'];
const security = [{ bearer: [] }];

/** The admin audit log: a filtered list (JSON pages or a streamed CSV) and the chain check. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.addSchema(AuditEntrySchema);

  app.get(
    '/admin/audit',
    {
      schema: {
        tags,
        summary: 'Admin: the audit log, newest first, filtered (JSON pages, or every matching row as CSV with format=csv)',
        description:
          '`action` is one name or a prefix (`auth.`). Pages go by `cursor` (the previous `nextCursor`). ' +
          `format=csv streams every matching row (at most ${AUDIT_CSV_MAX_ROWS}) as an attachment; limit and cursor do not apply.`,
        security,
        querystring: AuditQuery,
        response: { 200: JsonOrCsv(AuditPage), ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const { limit, cursor, format, ...filter } = req.query;
      if (format === 'csv') {
        const day = new Date(app.deps.clock.now()).toISOString().slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="gavel-audit-${day}.csv"`)
          .send(Readable.from(csvLines(audit, filter)) as never);
      }
      const page = await audit.page(filter, limit ?? 50, cursor);
      return { items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/admin/audit/verify',
    {
      schema: {
        tags,
        summary: 'Admin: check the whole hash chain of the audit log (the first break, if any)',
        security,
        response: { 200: AuditVerifySchema, ...errors(401, 403) },
      },
    },
    async (req) => {
      requireAdmin(req);
      return audit.verify();
    },
  );
};

async function* csvLines(audit: AuditService, filter: AuditFilter): AsyncGenerator<string> {
  yield auditCsvHeader();
  for await (const r of audit.rows(filter, AUDIT_CSV_MAX_ROWS)) yield auditCsvLine(r);
}

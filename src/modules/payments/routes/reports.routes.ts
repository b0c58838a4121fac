import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, JsonOrCsv } from '../../../platform/schemas.js';
import { requireAdmin, requireUser } from '../../identity/index.js';
import { toCsv } from '../order.presenter.js';
import { LedgerCheckSchema, PeriodQuery, RevenueQuery, RevenueReportSchema, StatementSchema } from '../../../shared/api/payments.js';
import { type PaymentRouteOptions, period, security, tags } from './shared.js';

const CSV = 'text/csv; charset=utf-8';

/** Seller statements, platform revenue and the ledger check (JSON or CSV). */
export const reportRoutes: FastifyPluginAsyncTypebox<PaymentRouteOptions> = async (app, { payments }) => {
  const { reports } = payments;
  const now = () => app.deps.clock.now();
  app.get(
    '/me/statement',
    {
      schema: {
        tags,
        summary: 'Seller statement: sales, fees, payouts (JSON or CSV)',
        security,
        querystring: PeriodQuery,
        response: { 200: JsonOrCsv(StatementSchema), ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const { from, to } = period(req.query, now());
      const s = await reports.statement(requireUser(req).userId, from, to);
      if (req.query.format === 'csv') return reply.type(CSV).send(toCsv(s.rows, ['at', 'orderId', 'type', 'currency', 'sale', 'fee', 'net', 'payout']));
      return s;
    },
  );
  app.get(
    '/admin/reports/revenue',
    {
      schema: {
        tags,
        summary: 'Platform revenue by period (JSON or CSV)',
        security,
        querystring: RevenueQuery,
        response: { 200: JsonOrCsv(RevenueReportSchema), ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const { from, to } = period(req.query, now());
      const r = await reports.revenue(from, to, req.query.period ?? 'day');
      if (req.query.format === 'csv') return reply.type(CSV).send(toCsv(r.rows, ['period', 'currency', 'revenue']));
      return r;
    },
  );
  app.get(
    '/admin/ledger/check',
    { schema: { tags, summary: 'Proof that the ledger balances per currency', security, response: { 200: LedgerCheckSchema, ...errors(401, 403) } } },
    async (req) => {
      requireAdmin(req);
      return reports.ledgerCheck();
    },
  );
};

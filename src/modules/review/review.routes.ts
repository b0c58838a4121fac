import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clientIp } from '../../platform/rate-limit.js';
import { errors } from '../../platform/schemas.js';
import {
  BlacklistAddBody,
  BlacklistEntry,
  BlacklistList,
  BlacklistParams,
  BlacklistQuery,
  CaseActionBody,
  CaseActionResult,
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseParams,
  StandingBody,
  StandingParams,
  StandingView,
} from '../../shared/api/review.js';
import { requireAdmin } from '../identity/index.js';
import type { ReviewModule } from './review.module.js';

const tags = ['admin', 'review'];
const security = [{ bearer: [] }];

/** The review queue (admin only): thin routes; the services hold the rules. */
export const reviewRoutes: FastifyPluginAsyncTypebox<{ review: ReviewModule }> = async (app, { review }) => {
  app.get(
    '/admin/risk/cases',
    {
      schema: { tags, security, summary: 'Review cases, newest first (admin)', querystring: CaseListQuery, response: { 200: CaseList, ...errors(400, 401, 403) } },
    },
    async (req) => {
      requireAdmin(req);
      return review.cases.list(req.query);
    },
  );
  app.get(
    '/admin/risk/cases/:id',
    {
      schema: {
        tags,
        security,
        summary: 'A case with its signals, the subject’s account and the evidence graph (admin)',
        params: CaseParams,
        response: { 200: CaseDetail, ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      requireAdmin(req);
      return review.cases.get(req.params.id);
    },
  );
  app.post(
    '/admin/risk/cases/:id/actions',
    {
      schema: {
        tags,
        security,
        summary: 'Act on a case: clear, warn, void_bids, suspend, ban or blacklist (admin; audited, the people affected are notified)',
        description:
          '`void_bids` voids every bid of `bidderId` (default: the subject) on `auctionId` (default: the case’s auction) as an engine event; after close the item goes to the next bidder. `blacklist` takes `items` and an optional `expiresAt`.',
        params: CaseParams,
        body: CaseActionBody,
        response: { 200: CaseActionResult, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => review.cases.act(requireAdmin(req), req.params.id, req.body, clientIp(req)),
  );
  blacklistRoutes(app, review);
  standingRoutes(app, review);
};

type App = Parameters<FastifyPluginAsyncTypebox>[0];

function blacklistRoutes(app: App, review: ReviewModule): void {
  app.get(
    '/admin/blacklist',
    {
      schema: { tags, security, summary: 'Blacklisted identifiers, newest first (admin)', querystring: BlacklistQuery, response: { 200: BlacklistList, ...errors(400, 401, 403) } },
    },
    async (req) => {
      requireAdmin(req);
      return review.blacklist.list(req.query);
    },
  );
  app.post(
    '/admin/blacklist',
    {
      schema: {
        tags,
        security,
        summary: 'Blacklist an identifier (email domain, IP range, device id, card fingerprint) until `expiresAt` (admin; audited)',
        body: BlacklistAddBody,
        response: { 201: BlacklistEntry, ...errors(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await review.blacklist.add(requireAdmin(req), req.body, clientIp(req))),
  );
  app.delete(
    '/admin/blacklist/:id',
    {
      schema: { tags, security, summary: 'Remove a blacklist entry (admin; audited)', params: BlacklistParams, response: { 200: BlacklistEntry, ...errors(401, 403, 404) } },
    },
    async (req) => review.blacklist.remove(requireAdmin(req), req.params.id, clientIp(req)),
  );
}

function standingRoutes(app: App, review: ReviewModule): void {
  const route = (path: 'suspend' | 'unsuspend' | 'ban', summary: string) =>
    app.post(
      `/admin/users/:id/${path}`,
      {
        schema: { tags, security, summary, params: StandingParams, body: StandingBody, response: { 200: StandingView, ...errors(400, 401, 403, 404, 409) } },
      },
      async (req) => review.standing[path](requireAdmin(req), req.params.id, req.body.reason, clientIp(req)),
    );
  route('suspend', 'Suspend an account: no sign-in (sessions revoked), no bids, listings paused (admin; audited, the user is notified)');
  route('unsuspend', 'Lift a suspension: listings resume with the bidding time the pause took (admin; audited)');
  route('ban', 'Ban an account for good: as suspend, its known identifiers blacklisted and open listings cancelled (admin; audited)');
}

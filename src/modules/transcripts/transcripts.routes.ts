import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { errors } from '../../platform/schemas.js';
import type { AuctionService } from '../auctions/index.js';
import { KEYS_PATH, KeySetSchema, TranscriptParams, TranscriptSchema } from '../../shared/api/transcripts.js';
import { presentTranscript, transcriptIsPublic } from './transcript.presenter.js';

const tags = ['transcripts'];

/** `GET /auctions/:id/transcript` (under /api/v1): the hash-chained, signed bid history. */
export const transcriptRoutes: FastifyPluginAsyncTypebox<{ auctions: AuctionService }> = async (app, { auctions }) => {
  app.addSchema(TranscriptSchema);
  app.get(
    '/auctions/:id/transcript',
    {
      schema: {
        tags,
        summary:
          "An auction's verifiable transcript: its events (aliases, amounts, times, proxy steps, close) with each event's hash and the previous one, and the batch signatures over the chain heads; sealed auctions after close",
        params: TranscriptParams,
        response: { 200: Type.Ref('Transcript'), ...errors(400, 403, 404) },
      },
    },
    async (req) => {
      const t = await auctions.transcript(req.params.id);
      if (!t) throw new AppError('AUCTION_NOT_FOUND', 'No auction with this id');
      if (!transcriptIsPublic(t)) throw new AppError('TRANSCRIPT_SEALED', "A sealed auction's bids are published when it closes");
      return presentTranscript(t);
    },
  );
};

/** `GET /.well-known/gavel-keys`: the public keys transcripts are signed with (active and retired). */
export const gavelKeysRoute: FastifyPluginAsyncTypebox<{ auctions: AuctionService }> = async (app, { auctions }) => {
  app.get(
    KEYS_PATH,
    {
      schema: {
        tags,
        summary: 'The Ed25519 public keys that sign bid transcripts (JWK form; the newest active, older ones retired but still valid for what they signed)',
        response: { 200: KeySetSchema },
      },
    },
    async (_req, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return { keys: auctions.signingKeys() };
    },
  );
};

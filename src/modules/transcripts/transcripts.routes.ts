import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { errors } from '../../platform/schemas.js';
import type { AuctionService } from '../auctions/index.js';
import { KEYS_PATH, KeySetSchema, TranscriptParams, TranscriptSchema } from '../../shared/api/transcripts.js';
import { presentTranscript, transcriptIsPublic } from './transcript.presenter.js';

const tags = ['transcripts'];

/**
 * The public transcript routes, registered at the root: `GET /api/v1/auctions/:id/transcript`
 * (the hash-chained, signed bid history; it needs no session, so it sits beside the keys
 * document rather than behind the API's authentication) and `GET /.well-known/gavel-keys`.
 */
export const transcriptRoutes: FastifyPluginAsyncTypebox<{ auctions: AuctionService }> = async (app, { auctions }) => {
  app.addSchema(TranscriptSchema);
  app.get(
    '/api/v1/auctions/:id/transcript',
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
  // The public keys transcripts are signed with (active and retired).
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

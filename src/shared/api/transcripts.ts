/**
 * Verifiable bid transcripts on the wire: an auction's hash-chained events with the
 * batch signatures over them, and the platform's public keys. What is hashed and
 * signed is defined in ../transcript-form.ts; ../transcript-verify.ts checks it.
 */
import { type Static, Type } from 'typebox';
import { IdParam, Nullable, OneOf, Strict } from './common.js';

const Hash = () => Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lowercase hex' });
const Ms = (description: string) => Type.Integer({ minimum: 0, description });
const Amount = (description: string) => Type.Integer({ minimum: 0, description });

export const TranscriptParams = Strict({ id: IdParam('AUCTION_NOT_FOUND') });

/** A committed secret (a maximum, a reserve) with its salt, revealed after close. */
const RevealSchema = Type.Object({ value: Nullable(Type.Integer({ minimum: 0 })), salt: Type.String() });

/** One event in transcript form: the fields of its type (see TranscriptEvent), aliases instead of users. */
const TranscriptEventSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: Ms('decision time, epoch ms'),
    type: OneOf(['started', 'bid_placed', 'price_changed', 'extended', 'closed', 'cancelled', 'edited', 'bids_voided'] as const),
    bidId: Type.Optional(Type.String()),
    bidder: Type.Optional(Type.String({ description: "the bidder's alias in this auction" })),
    amount: Type.Optional(Amount('the public bid level')),
    kind: Type.Optional(OneOf(['manual', 'proxy', 'buy_now', 'accept'] as const)),
    maxCommit: Type.Optional(Hash()),
    price: Type.Optional(Nullable(Amount('price (minor units)'))),
    leader: Type.Optional(Nullable(Type.String())),
    reserveMet: Type.Optional(Type.Boolean()),
    endsAt: Type.Optional(Ms('new end, epoch ms')),
    extensions: Type.Optional(Type.Integer({ minimum: 0 })),
    outcome: Type.Optional(OneOf(['sold', 'reserve_not_met', 'no_bids'] as const)),
    winner: Type.Optional(Nullable(Type.String())),
    by: Type.Optional(Type.Union([Type.Literal('seller'), Type.Literal('admin')])),
    reason: Type.Optional(Nullable(Type.String())),
    buyNowPrice: Type.Optional(Nullable(Amount('new buy-now price'))),
    startingPrice: Type.Optional(Amount('new starting price')),
    reserveCommit: Type.Optional(Nullable(Hash())),
  },
  { description: 'The fields of the event type (shared/transcript-form.ts, TranscriptEvent)' },
);

const TermsSchema = Type.Object({
  v: Type.Integer(),
  auctionId: Type.String(),
  type: OneOf(['english', 'dutch', 'sealed_first_price', 'sealed_second_price'] as const),
  currency: Type.String(),
  startingPrice: Amount('starting price'),
  buyNowPrice: Nullable(Amount('buy-now price')),
  increments: Type.Array(Type.Object({ from: Type.Integer(), increment: Type.Integer() })),
  reserveCommit: Nullable(Hash()),
  startsAt: Ms('start, epoch ms'),
  endsAt: Ms('end, epoch ms'),
});

const HeadSchema = Type.Object({ auctionId: Type.String(), seq: Type.Integer({ minimum: 1 }), hash: Hash() });

/** One group commit's signature over the chain heads it moved (all auctions of the batch). */
const BatchSignatureSchema = Type.Object({
  kid: Type.String(),
  signedAt: Ms('signing time, epoch ms'),
  heads: Type.Array(HeadSchema),
  signature: Type.String({ description: 'Ed25519 over signaturePreimage(kid, signedAt, heads), base64url' }),
});

export const TranscriptSchema = Type.Object(
  {
    auctionId: Type.String(),
    status: Type.String(),
    /** False for auctions whose log began before events were chained: nothing to verify. */
    chained: Type.Boolean(),
    terms: Nullable(TermsSchema),
    termsReveal: Nullable(RevealSchema),
    entries: Type.Array(
      Type.Object({
        event: TranscriptEventSchema,
        prev: Nullable(Hash()),
        hash: Nullable(Hash()),
        reveal: Nullable(RevealSchema),
      }),
    ),
    signatures: Type.Array(BatchSignatureSchema),
    keysUrl: Type.String({ description: 'where the public keys are published' }),
  },
  { $id: 'Transcript' },
);
export type TranscriptView = Static<typeof TranscriptSchema>;
export type TranscriptEntryView = TranscriptView['entries'][number];
export type BatchSignatureView = Static<typeof BatchSignatureSchema>;

export const PublicKeySchema = Type.Object({
  kid: Type.String(),
  alg: Type.Literal('Ed25519'),
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ description: 'raw public key, base64url' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
});
export const KeySetSchema = Type.Object({ keys: Type.Array(PublicKeySchema) });
export type KeySetView = Static<typeof KeySetSchema>;

/** Where the keys are published. */
export const KEYS_PATH = '/.well-known/gavel-keys';

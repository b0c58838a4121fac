/**
 * The reference designs for bench:bids, as their own process:
 *   POST /noop                      — a bare Fastify route that does nothing;
 *   POST /api/v1/auctions/:id/bids  — the textbook bid path: one transaction per bid,
 *     SELECT ... FOR UPDATE on the auction row, the same pure `decide`/`evolve` as
 *     Gavel, insert the events, update the row, COMMIT, answer.
 * Same framework, same JSON schema validation, same bearer-token check (SHA-256 of
 * the token looked up in memory, as Gavel's session cache does when warm).
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import postgres from 'postgres';
import { type AuctionEvent, type AuctionState, decide, evolve } from '../../src/modules/auctions/domain/index.js';

const url = process.env.DATABASE_URL!;
const port = Number(process.env.PORT ?? 3300);
const sql = postgres(url, { max: Number(process.env.DB_POOL_SIZE ?? 20), onnotice: () => {} });
const sessions = new Map<string, string>();
for (const r of await sql<{ h: string; user_id: string }[]>`select encode(token_hash, 'hex') as h, user_id from sessions`)
  sessions.set(r.h, r.user_id);

const app = Fastify({ logger: false });
const bodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { amount: { type: 'integer', minimum: 1, maximum: 1_000_000_000_000 } },
};
let nextId = 0;

app.post('/noop', { schema: { body: { type: 'object' } } }, async () => ({}));

app.post<{ Params: { id: string }; Body: { amount?: number } }>(
  '/api/v1/auctions/:id/bids',
  { schema: { body: bodySchema } },
  async (req, reply) => {
    const auth = req.headers.authorization ?? '';
    const userId = sessions.get(createHash('sha256').update(auth.slice(7)).digest('hex'));
    if (!userId) return reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'no' } });
    const bidId = `tb-${process.pid}-${nextId++}`;
    const out = await sql.begin(async (tx) => {
      const [row] = await tx<{ state: AuctionState }[]>`select state from auctions where id = ${req.params.id} for update`;
      if (!row) return { status: 404, body: { error: { code: 'AUCTION_NOT_FOUND', message: 'no' } } };
      const now = Date.now();
      const d = decide(row.state, { type: 'place_bid', bidId, bidderId: userId, amount: req.body.amount ?? null }, now);
      if (!d.ok) return { status: 422, body: { error: d.error } };
      let s = row.state;
      for (const e of d.events) s = evolve(s, e);
      const evs: AuctionEvent[] = d.events;
      await tx`
        insert into auction_events (auction_id, seq, type, data, at, bidder_id)
        select ${req.params.id}::uuid, e.seq, e.type, e.data::jsonb, to_timestamp(e.at / 1000.0), e.bidder
        from unnest(${evs.map((e) => e.seq)}::bigint[], ${evs.map((e) => e.type)}::text[], ${evs.map((e) => JSON.stringify(e))}::text[],
          ${evs.map((e) => e.at)}::bigint[], ${evs.map((e) => (e.type === 'bid_placed' ? e.bidderId : null))}::uuid[]) as e(seq, type, data, at, bidder)`;
      await tx`update auctions set state = ${tx.json(s as never)}, version = ${s.seq}, current_price = ${s.currentPrice}, bid_count = ${s.bidCount}
        where id = ${req.params.id}`;
      return {
        status: 201,
        body: {
          bid: { id: bidId, amount: req.body.amount, createdAt: new Date(now).toISOString() },
          auction: { currentPrice: s.currentPrice, leading: s.leaderId === userId },
        },
      };
    });
    return reply.status(out.status).send(out.body);
  },
);

await app.listen({ port, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => sql.end())
    .then(() => process.exit(0));
});

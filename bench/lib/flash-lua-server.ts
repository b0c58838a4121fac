/**
 * The "seckill" reference for bench:flash: the usual Redis design behind the same
 * HTTP framework and the same authentication. A Lua script checks the stock and the
 * buyer's count and decrements atomically; the answer goes out at once and the
 * order is written to PostgreSQL afterwards, in batches. So an acknowledged order
 * is durable only after the next flush (and Redis itself is not fsynced per write):
 * a crash loses acknowledged reservations. That is the property Gavel does not give up.
 *
 * Env: DATABASE_URL, REDIS_URL, PORT, PREFIX (Redis key prefix), STOCK, LIMIT.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { IdentityRepository, IdentityService } from '../../src/modules/identity/index.js';
import { systemClock } from '../../src/platform/clock.js';
import { createPool } from '../../src/platform/db.js';
import { uuidv7Generator } from '../../src/platform/ids.js';

const sql = createPool(process.env.DATABASE_URL!, Number(process.env.DB_POOL_SIZE ?? 10));
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = process.env.PREFIX ?? 'gavel:bench:flash:';
const stockKey = `${prefix}stock`;
const buyersKey = `${prefix}buyers`;
const limit = Number(process.env.LIMIT ?? 2);
const identity = new IdentityService(new IdentityRepository(sql), systemClock, uuidv7Generator(systemClock), 86_400_000);

const LUA = `
local stock = tonumber(redis.call('get', KEYS[1]) or '0')
local q = tonumber(ARGV[2])
if stock <= 0 then return -1 end
local held = tonumber(redis.call('hget', KEYS[2], ARGV[1]) or '0')
if held + q > tonumber(ARGV[3]) then return -2 end
if stock < q then return -3 end
redis.call('decrby', KEYS[1], q)
redis.call('hincrby', KEYS[2], ARGV[1], q)
return stock - q`;

await sql`create table if not exists bench_lua_orders (id uuid primary key, user_id uuid not null, quantity int not null, created_at timestamptz not null default now())`;
await redis.set(stockKey, String(Number(process.env.STOCK ?? 10_000)));
await redis.del(buyersKey);
const sha = (await redis.script('LOAD', LUA)) as string;

let buffer: { id: string; user: string; q: number }[] = [];
let flushing: Promise<void> | null = null;
async function flush(): Promise<void> {
  while (buffer.length > 0) {
    const batch = buffer;
    buffer = [];
    await sql`insert into bench_lua_orders (id, user_id, quantity)
      select * from unnest(${batch.map((b) => b.id)}::uuid[], ${batch.map((b) => b.user)}::uuid[], ${batch.map((b) => b.q)}::int[])`;
  }
}
setInterval(() => {
  if (!flushing && buffer.length > 0) flushing = flush().finally(() => (flushing = null));
}, 5).unref();

const app = Fastify({ logger: false });
app.post('/reserve', async (req, reply) => {
  const auth = req.headers.authorization;
  const p = auth?.startsWith('Bearer ') ? await identity.authenticate(auth.slice(7)) : null;
  if (!p) return reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'Sign in' } });
  const q = (req.body as { quantity?: number })?.quantity ?? 1;
  const r = (await redis.evalsha(sha, 2, stockKey, buyersKey, p.userId, q, limit)) as number;
  if (r === -1) return reply.status(409).send({ error: { code: 'SOLD_OUT', message: 'Sold out' } });
  if (r === -2) return reply.status(422).send({ error: { code: 'LIMIT_EXCEEDED', message: 'Limit' } });
  if (r === -3) return reply.status(409).send({ error: { code: 'INSUFFICIENT_STOCK', message: 'Short' } });
  const id = randomUUID();
  buffer.push({ id, user: p.userId, q });
  return reply.status(201).send({ reservation: { id, quantity: q, status: 'reserved' } });
});
app.post('/flush', async () => {
  await flushing;
  await flush();
  return { ok: true };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.close();
  await flushing;
  await flush();
  await sql.end();
  await redis.del(stockKey, buyersKey);
  redis.disconnect();
  process.exit(0);
});

import type { Services } from '../app.js';
import type { Sql } from '../platform/db.js';
import type { Logger } from '../platform/logger.js';

/** Password of every demo account (shown in the README). */
export const DEMO_PASSWORD = 'gavel-demo-1234';

export const DEMO_CATEGORIES = [
  { id: 'art', name: 'Art', parentId: null },
  { id: 'collectibles', name: 'Collectibles', parentId: null },
  { id: 'coins', name: 'Coins', parentId: 'collectibles' },
  { id: 'electronics', name: 'Electronics', parentId: null },
  { id: 'cameras', name: 'Cameras', parentId: 'electronics' },
  { id: 'watches', name: 'Watches', parentId: null },
  { id: 'fashion', name: 'Fashion', parentId: null },
];

/**
 * On first start with an empty database, creates demo users and categories so a
 * newcomer sees something real. Does nothing when any user exists.
 */
export async function seedDemo(services: Services, sql: Sql, log: Logger): Promise<boolean> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from users where not ('admin' = any(roles))`;
  if ((row?.n ?? 0) > 0) return false;
  for (const [i, c] of DEMO_CATEGORIES.entries()) await services.catalog.upsert({ ...c, increments: null, sortOrder: i });
  const users = [];
  for (const [email, name] of [
    ['alice@demo.gavel', 'Alice (seller)'],
    ['bob@demo.gavel', 'Bob'],
    ['carol@demo.gavel', 'Carol'],
  ] as const) {
    users.push(await services.identity.createUser(email, DEMO_PASSWORD, name));
  }
  log.info({ users: users.map((u) => u.email), password: DEMO_PASSWORD }, 'demo data created');
  return true;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { seedDemo } from '../../src/seed/demo.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ background: false });
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('when the demo is seeded, then every demo user has a saved card minted for them alone', async () => {
    expect(await seedDemo(t.app.services, t.db.sql, createLogger('silent'))).toBe(true);
    const rows = await t.db.sql<{ email: string; customer: string | null; user_id: string; attached: boolean }[]>`
      select u.email, s.customer, m.user_id, s.attached_at is not null as attached
      from payment_methods m join users u on u.id = m.user_id join sandbox_tokens s on s.token = m.token
      where u.email like '%@demo.gavel'`;
    expect(rows.map((r) => r.email).sort()).toEqual(['alice@demo.gavel', 'bob@demo.gavel', 'carol@demo.gavel']);
    for (const r of rows) expect(r).toMatchObject({ customer: r.user_id, attached: true });
  });
});

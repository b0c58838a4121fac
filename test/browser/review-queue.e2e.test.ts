import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The review queue in the browser: an admin opens a case, sees the linked accounts, voids the
// shill's bids, and a watcher of the auction page sees the honest price come back live.

const suite = browserSuite();

describe('review queue', () => {
  it('when an admin voids a shill’s bids from the case page, then the graph showed the links and the auction page shows the honest price', async () => {
    const { t } = suite;
    await t.app.services.identity.ensureAdmin('root@review.test', 'admin password 123');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@review.test', password: 'admin password 123' } });
    const adminToken = login.json().token as string;
    const seller = await registerUser(t.app, 'Ring-seller');
    const honest1 = await registerUser(t.app, 'Honest-one');
    const honest2 = await registerUser(t.app, 'Honest-two');
    const shill = await registerUser(t.app, 'Sock-puppet');
    const a = await createAuction(t.app, seller.token, { title: 'Shilled camera', softClose: null });
    for (const [u, amount] of [[honest2, 1200], [honest1, 1500], [shill, 1600], [shill, 2400]] as const) {
      expect((await bid(t.app, u.token, a.id, amount)).statusCode).toBe(201);
    }
    const caseId = randomUUID();
    const now = new Date();
    await t.db.sql`insert into risk_cases (id, opened_at, updated_at, status, kind, subject_user_id, auction_id, score, signals)
      values (${caseId}, ${now}, ${now}, 'open', 'shill_ring', ${shill.id}, ${a.id}, 91,
              ${t.db.sql.json({ rules: ['shared_device_with_seller'], features: { successiveOutbidding: 0.8 } })})`;
    const [x, y] = [shill.id, seller.id].sort();
    await t.db.sql`insert into risk_links (user_a, user_b, via, value_hash, first_seen, last_seen) values (${x!}, ${y!}, 'device', 'h1', ${now}, ${now})`;

    // A watcher has the auction page open: the shill's €15.50 is showing.
    const watcherCtx = await contextAs(suite.browser, t.url, honest1.token);
    const watcher = await watcherCtx.newPage();
    await watcher.goto(`/auctions/${a.id}`);
    await expect.poll(() => watcher.getByTestId('current-price').textContent()).toContain('€15.50');

    const ctx = await contextAs(suite.browser, t.url, adminToken);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/admin/review');
    await page.getByTestId('review-cases').getByRole('link').first().click();
    await page.getByTestId('evidence-graph').waitFor();
    await expect.poll(() => page.getByTestId('graph-node').count()).toBe(2);
    expect(await page.getByTestId('evidence-graph').textContent()).toContain('Ring-seller');
    expect(await page.getByTestId('case-signals').textContent()).toContain('shared_device_with_seller');

    page.once('dialog', (d) => void d.accept());
    await page.getByLabel('Reason (told to the people affected)').fill('Shill bidding from the seller’s device');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Void bids');
    await expect.poll(() => page.getByTestId('case-resolution').textContent()).toContain('Shill bidding');

    // Without the shill: honest one leads at honest two's €12.00 plus one increment.
    await expect.poll(() => watcher.getByTestId('current-price').textContent(), { timeout: 10_000 }).toContain('€12.50');
    await expect.poll(() => watcher.locator('[data-testid="bid-history"] li[data-voided="true"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await ctx.close();
    await watcherCtx.close();
  });
});

import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The inbox page: notices in words, and the time a notice last changed.

const suite = browserSuite();

describe('inbox in the browser', () => {
  it('when an unread outbid notice from 55 minutes ago is brought up to date, then the inbox shows it as just now, with the price in words', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'ib-seller');
    const ann = await registerUser(t.app, 'ib-ann');
    const ben = await registerUser(t.app, 'ib-ben');
    const auction = await createAuction(t.app, seller.token, { startingPrice: 100, softClose: null });
    const outbidOf = async () =>
      t.db.sql<{ id: string }[]>`select id from notifications where user_id = ${ann.id} and kind = 'outbid'`;
    expect((await bid(t.app, ann.token, auction.id, 1000)).statusCode).toBe(201);
    expect((await bid(t.app, ben.token, auction.id, 2000)).statusCode).toBe(201);
    await expect.poll(async () => (await outbidOf()).length, { timeout: 15_000 }).toBe(1);
    // The notice came 55 minutes ago; then Ann bids again and is outbid again while it is unread.
    await t.db.sql`update notifications set created_at = now() - interval '55 minutes' where user_id = ${ann.id}`;
    expect((await bid(t.app, ann.token, auction.id, 3000)).statusCode).toBe(201);
    expect((await bid(t.app, ben.token, auction.id, 5000)).statusCode).toBe(201);
    await expect
      .poll(async () => (await t.db.sql<{ p: number }[]>`select (data->>'price')::int as p from notifications where user_id = ${ann.id} and kind = 'outbid'`)[0]?.p, {
        timeout: 15_000,
      })
      .toBe(3100);

    const ctx = await contextAs(browser, t.url, ann.token);
    const page = await ctx.newPage();
    await page.goto('/notifications');
    const row = page.getByTestId('notifications').locator('[data-kind="outbid"]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain('€31.00');
    expect(await row.textContent()).not.toMatch(/minor units|\d{4}-\d{2}-\d{2}T/);
    expect(await row.getByTestId('notification-time').textContent()).not.toMatch(/minute|hour/);
    await ctx.close();
  });
});

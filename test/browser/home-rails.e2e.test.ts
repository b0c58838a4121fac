import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The home page's trending and featured rails, and featuring an auction from the admin panel.

const suite = browserSuite();

/** A datetime-local value for `ms` from now, in UTC (the contexts' time zone). */
const localInput = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 16);

describe('home page rails', () => {
  it('when auctions are bid on and an admin features one in the admin panel, then the home page shows them in the trending and featured rails', async () => {
    const { t, browser } = suite;
    const [seller, alice, bob] = await Promise.all([registerUser(t.app, 'railseller'), registerUser(t.app, 'alice'), registerUser(t.app, 'bob')]);
    const busy = await createAuction(t.app, seller.token, { title: 'Trending Leica M3' });
    const spotlight = await createAuction(t.app, seller.token, { title: 'Spotlight Rolex', endsAt: new Date(Date.now() + 6 * 3_600_000).toISOString() });
    for (const [i, who] of [alice, bob, alice].entries()) expect((await bid(t.app, who.token, busy.id, 1100 + i * 200)).statusCode).toBe(201);
    await t.app.services.discovery.job.run();

    const made = await t.app.services.identity.ensureAdmin('root@rails.test', 'admin password 123');
    if (!made.ok) throw new Error('no admin');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@rails.test', password: 'admin password 123' } });
    const ctx = await contextAs(browser, t.url, login.json().token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/');
    const rail = (id: string) => page.locator(`section[aria-labelledby="${id}"]`);
    await expect.poll(() => rail('trending').getByRole('heading', { level: 2 }).textContent()).toBe('Trending now');
    await expect.poll(() => rail('trending').textContent()).toContain('Trending Leica M3');
    expect(await rail('trending').textContent()).not.toContain('Spotlight Rolex');
    // Nothing is featured yet: the rail is hidden.
    await expect.poll(() => rail('featured').count()).toBe(0);

    await page.goto('/admin');
    const panel = page.getByRole('region', { name: 'Featured auctions' });
    await expect.poll(() => panel.textContent()).toContain('No auction is featured right now.');
    await panel.getByLabel('Auction id or link').fill(`${t.url}/auctions/${spotlight.id}`);
    await panel.getByLabel('Featured until').fill(localInput(2 * 3_600_000));
    await panel.getByRole('button', { name: 'Feature auction' }).click();
    await expect.poll(() => panel.textContent()).toContain('“Spotlight Rolex” is featured.');
    await expect.poll(() => panel.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Spotlight Rolex')]);

    await page.goto('/');
    await expect.poll(() => rail('featured').getByRole('heading', { level: 2 }).textContent()).toBe('Featured');
    await expect.poll(() => rail('featured').textContent()).toContain('Spotlight Rolex');
    await expect.poll(() => rail('trending').textContent()).toContain('Trending Leica M3');

    await page.goto('/admin');
    await panel.getByRole('button', { name: 'Stop featuring' }).click();
    await expect.poll(() => panel.textContent()).toContain('No auction is featured right now.');
    await page.goto('/');
    await expect.poll(() => rail('trending').textContent()).toContain('Trending Leica M3');
    await expect.poll(() => rail('featured').count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The auction page's share button (without a share sheet it copies the link) and the seller's dated additions.

const suite = browserSuite();

describe('sharing and revisions in the browser', () => {
  it('when a bidder opens a listing the seller added to, then they see the dated addition and can copy its link', async () => {
    const { t, browser } = suite;
    const [seller, alice] = await Promise.all([registerUser(t.app, 'sharer'), registerUser(t.app, 'sharebidder')]);
    const a = await createAuction(t.app, seller.token, { title: 'Leica M6', description: 'A camera.' });
    expect((await bid(t.app, alice.token, a.id, 1000)).statusCode).toBe(201);
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auctions/${a.id}/addenda`,
      headers: bearer(seller.token),
      payload: { description: 'The strap is included.', specifications: [{ name: 'Year', value: '1984' }] },
    });
    expect(added.statusCode).toBe(201);

    const ctx = await contextAs(browser, t.url, alice.token);
    // No share sheet here, and a clipboard that records what it is given.
    await ctx.addInitScript({
      content: `Object.defineProperty(Navigator.prototype, 'share', { value: undefined, configurable: true });
        window.copied = [];
        Object.defineProperty(Navigator.prototype, 'clipboard', {
          configurable: true,
          get: () => ({ writeText: async (s) => { window.copied.push(s); } }),
        });`,
    });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/auctions/${a.id}`);

    const revisions = page.locator('section.revisions');
    await expect.poll(() => revisions.getByRole('heading').textContent()).toBe('Added by the seller');
    const text = await revisions.textContent();
    expect(text).toMatch(/Seller added on .+/);
    expect(text).toContain('The strap is included.');
    expect(text).toContain('Year');
    expect(text).toContain('1984');
    await expect.poll(() => page.locator('.view-count').textContent()).toMatch(/^\d+ views?$/);

    await page.getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => page.locator('.share [role="status"]').textContent()).toBe('Link copied');
    const copied = (await page.evaluate('window.copied')) as string[];
    expect(copied).toEqual([`${new URL(t.url).origin}/a/${a.id}`]);

    // The shared link opens the same auction in the app.
    await page.goto(`/a/${a.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Leica M6');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

import { describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The home page's "Recommended for you" rail, with each item's reason under its tile.

const suite = browserSuite();

describe('recommendations in the browser', () => {
  it('when a signed-in user watches an item, then the home page recommends another of its category with the reason line', async () => {
    const { t, browser } = suite;
    await t.db.sql`insert into categories (id, name) values ('rb-cams', 'Cameras') on conflict do nothing`;
    const seller = await registerUser(t.app, 'railseller');
    const viewer = await registerUser(t.app, 'railviewer');
    const watched = await createAuction(t.app, seller.token, { title: 'Leica M3', categoryId: 'rb-cams' });
    await createAuction(t.app, seller.token, { title: 'Nikon F2 body', categoryId: 'rb-cams' });
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/auctions/${watched.id}/watch`, headers: bearer(viewer.token) });
    expect(res.statusCode, res.body).toBe(200);

    const ctx = await contextAs(browser, t.url, viewer.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    const rail = page.getByRole('region', { name: 'Recommended for you' });
    // The rail appears whole once its answer is in (no fixed wait: the page loads at its own pace).
    await rail.getByRole('heading', { name: 'Recommended for you' }).waitFor();
    expect(await rail.locator('.card-title').allTextContents()).toEqual(['Nikon F2 body']);
    expect(await rail.locator('.card-note').allTextContents()).toEqual(['Because you watched Leica M3']);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when nobody is signed in, then the home page has no recommendations', async () => {
    const { t, browser } = suite;
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Just listed' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Recommended for you' }).count()).toBe(0);
    await ctx.close();
  });
});

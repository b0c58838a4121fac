import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// What the auction page says is true: end times, minimums, standings, the soft-close
// rule, sealed counts and reserve outcomes; and the bid review before a large maximum.

const suite = browserSuite();
const hour = 3_600_000;
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function openAs(token: string | null, url: string) {
  const ctx = await contextAs(suite.browser, suite.t.url, token);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await page.locator('main h1').first().waitFor();
  return { ctx, page, errors };
}

async function viewOf(id: string, token: string) {
  const r = await suite.t.app.inject({ method: 'GET', url: `/api/v1/auctions/${id}`, headers: { authorization: `Bearer ${token}` } });
  return r.json() as { currentPrice: number | null; viewer?: { myMax: number | null; leading: boolean | null } };
}

/** An English auction where `leader` holds a €750 maximum and the price stands at €610 (next minimum €620). */
async function contested() {
  const { t } = suite;
  const seller = await registerUser(t.app, 'seller');
  const a = await createAuction(t.app, seller.token, { startingPrice: 50_000, endsAt: later(26 * hour) });
  const leader = await registerUser(t.app, 'leader');
  const rival = await registerUser(t.app, 'rival');
  expect((await bid(t.app, leader.token, a.id, 75_000)).statusCode).toBe(201);
  expect((await bid(t.app, rival.token, a.id, 60_000)).statusCode).toBe(201);
  return { a, seller, leader, rival };
}

describe('the auction page tells the truth', () => {
  it('when a Dutch auction sells early, then it says it ended when it sold, not at its scheduled end', async () => {
    const { t } = suite;
    const seller = await registerUser(t.app, 'dutch-seller');
    const a = await createAuction(t.app, seller.token, {
      type: 'dutch',
      startingPrice: 60_000,
      dutch: { decrement: 1_000, intervalSeconds: 60, floorPrice: 30_000 },
      endsAt: later(26 * hour),
    });
    const buyer = await registerUser(t.app, 'dutch-buyer');
    expect((await bid(t.app, buyer.token, a.id)).statusCode).toBe(201);
    const { ctx, page, errors } = await openAs(null, `/auctions/${a.id}`);
    const ended = page.getByTestId('countdown').locator('time');
    await expect.poll(() => ended.count()).toBe(1);
    const at = Date.parse((await ended.getAttribute('datetime')) ?? '');
    expect(Math.abs(at - Date.now())).toBeLessThan(60_000);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when the leading bidder looks, then they are asked to raise their own maximum, with a minimum above it', async () => {
    const { a, leader } = await contested();
    const { ctx, page, errors } = await openAs(leader.token, `/auctions/${a.id}`);
    const minimum = page.getByTestId('minimum-bid');
    await expect.poll(() => minimum.textContent()).toContain('raise your maximum (now €750.00)');
    expect(await minimum.textContent()).toContain('€750.01');
    expect(await minimum.textContent()).not.toContain('€620.00');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when a bid is refused and the bidder types on, then the refused amount cannot silently grow into a much larger bid', async () => {
    const { a, leader } = await contested();
    const { ctx, page } = await openAs(leader.token, `/auctions/${a.id}`);
    const field = page.getByLabel(/Your maximum bid/);
    await field.fill('620');
    await field.press('Enter');
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    await field.press('End');
    await field.press('1');
    await field.press('Enter');
    await page.waitForTimeout(1500);
    expect((await viewOf(a.id, leader.token)).viewer?.myMax).toBe(75_000);
    await ctx.close();
  });

  it('when a bidder is outbid after a successful bid, then the success message goes', async () => {
    const { t } = suite;
    const seller = await registerUser(t.app, 'seller5');
    const a = await createAuction(t.app, seller.token, { startingPrice: 10_000, endsAt: later(26 * hour) });
    const bob = await registerUser(t.app, 'bob5');
    const { ctx, page, errors } = await openAs(bob.token, `/auctions/${a.id}`);
    await page.getByLabel(/Your maximum bid/).fill('150');
    await page.getByRole('button', { name: 'Place bid' }).click();
    await expect.poll(() => page.locator('.note-ok').textContent()).toContain('You are winning');
    const carol = await registerUser(t.app, 'carol5');
    expect((await bid(t.app, carol.token, a.id, 30_000)).statusCode).toBe(201);
    await expect.poll(() => page.getByTestId('viewer-state').textContent(), { timeout: 10_000 }).toContain('You have been outbid');
    expect(await page.locator('.note-ok').count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when an auction has soft close, then the page says the end moves to the extension after the bid', async () => {
    const { t } = suite;
    const seller = await registerUser(t.app, 'seller6');
    const a = await createAuction(t.app, seller.token, {
      endsAt: later(26 * hour),
      softClose: { windowSeconds: 120, extensionSeconds: 60 },
    });
    const { ctx, page } = await openAs(null, `/auctions/${a.id}`);
    await expect.poll(() => page.getByTestId('soft-close').textContent()).toContain('a bid in the last 2 minutes moves the end to 1 minute after that bid');
    await ctx.close();
  });

  it('when others look at a sealed auction with a bid, then the count and the words agree', async () => {
    const { t } = suite;
    const seller = await registerUser(t.app, 'seller7');
    const a = await createAuction(t.app, seller.token, { type: 'sealed_first_price', startingPrice: 10_000, endsAt: later(26 * hour) });
    const bidder = await registerUser(t.app, 'bidder7');
    expect((await bid(t.app, bidder.token, a.id, 20_000)).statusCode).toBe(201);
    const other = await registerUser(t.app, 'other7');
    const { ctx, page } = await openAs(other.token, `/auctions/${a.id}`);
    const history = page.locator('section[aria-labelledby="history-h"]');
    await expect.poll(() => history.textContent()).toContain('1 sealed bid');
    expect(await history.textContent()).not.toContain('No bids yet');
    await ctx.close();
  });

  it('when an auction ends with the reserve not met, then the page says the item did not sell', async () => {
    const { t } = suite;
    const seller = await registerUser(t.app, 'seller8');
    const a = await createAuction(t.app, seller.token, { startingPrice: 10_000, reservePrice: 50_000, softClose: null, endsAt: later(3_000) });
    const bidder = await registerUser(t.app, 'bidder8');
    expect((await bid(t.app, bidder.token, a.id, 20_000)).statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 3_500));
    await expect
      .poll(async () => {
        await t.app.services.auctions.sweep();
        return ((await viewOf(a.id, bidder.token)) as { status?: string }).status;
      }, { timeout: 15_000 })
      .toBe('closed');
    const { ctx, page } = await openAs(null, `/auctions/${a.id}`);
    const reserve = page.getByTestId('reserve');
    await expect.poll(() => reserve.textContent()).toContain('Not met: the item did not sell');
    await ctx.close();
  });
});

describe('the bid review', () => {
  it('when a bidder enters a maximum far above the price, then the form says what will happen and asks before placing it', async () => {
    const { a, rival } = await contested();
    const { ctx, page, errors } = await openAs(rival.token, `/auctions/${a.id}`);
    await page.getByLabel(/Your maximum bid/).fill('3000');
    const review = page.getByTestId('bid-review');
    await expect.poll(() => review.textContent()).toContain('Your maximum €3,000.00: you will lead at €620.00; others see €620.00');
    await page.getByRole('button', { name: 'Place bid' }).click();
    const confirm = page.getByTestId('bid-confirm');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.textContent()).toContain('more than 3 times');
    // Nothing is placed before the bidder confirms.
    expect((await viewOf(a.id, rival.token)).viewer?.myMax).toBe(60_000);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      const dir = path.resolve(import.meta.dirname, '../../docs/screenshots');
      mkdirSync(dir, { recursive: true });
      await page.getByTestId('minimum-bid').scrollIntoViewIfNeeded();
      await page.evaluate('window.scrollBy(0, 240)');
      await page.screenshot({ path: path.join(dir, 'bid-review.png') });
    }
    await page.getByRole('button', { name: /Yes, bid up to/ }).click();
    await expect.poll(() => page.getByTestId('viewer-state').textContent()).toContain('You are winning');
    expect((await viewOf(a.id, rival.token)).viewer?.myMax).toBe(300_000);
    expect(await page.getByLabel(/Your maximum bid/).inputValue()).toBe('');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when a bidder accepts a Dutch price, then the page asks first', async () => {
    const { t } = suite;
    const seller = await registerUser(t.app, 'dutch-seller2');
    const a = await createAuction(t.app, seller.token, {
      type: 'dutch',
      startingPrice: 60_000,
      dutch: { decrement: 1_000, intervalSeconds: 600, floorPrice: 30_000 },
      endsAt: later(26 * hour),
    });
    const buyer = await registerUser(t.app, 'dutch-buyer2');
    const { ctx, page } = await openAs(buyer.token, `/auctions/${a.id}`);
    await page.getByRole('button', { name: /Accept at/ }).click();
    await expect.poll(() => page.getByTestId('dutch-confirm').isVisible()).toBe(true);
    expect((await viewOf(a.id, buyer.token) as { status?: string }).status).toBe('active');
    await page.getByRole('button', { name: /Yes, buy at/ }).click();
    await expect.poll(async () => (await viewOf(a.id, buyer.token) as { status?: string }).status).toBe('closed');
    await ctx.close();
  });
});

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { uploadPhoto } from '../factories/photos.js';
import { registerUser } from '../factories/users.js';
import type { Subject } from '../../src/seed/demo-photos.js';
import type { TestApp } from '../support/app.js';
import { contextAs, cspViolations, launchChromium, startWebApp } from './support/browser.js';

// Real-browser tests of the web app: Debian's Chromium drives the built app served
// by the service on a free port, against a fresh database.

let t: TestApp & { url: string };
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  t = await startWebApp();
  chrome = await launchChromium();
  browser = chrome.browser;
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await t?.close();
});

/** Collects uncaught page errors so a broken page fails the test, not only a missing element. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('serving the web app', () => {
  it('when a client route is loaded directly, then the app shell answers and the API keeps its JSON 404', async () => {
    const page = await (await fetch(`${t.url}/auctions/does-not-exist`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<div id="root">');
    const api = await fetch(`${t.url}/api/v1/nope`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
    const asset = await fetch(`${t.url}/missing.js`);
    expect(asset.status).toBe(404);
  });
});

describe('live bidding in the browser', () => {
  it('when a seller lists an auction and others bid, then every page updates without reload and the outbid bidder is told', async () => {
    // Seller signs up and lists an English auction through the UI.
    const seller = await contextAs(browser, t.url, null);
    const sp = await seller.newPage();
    const sellerErrors = watchErrors(sp);
    await sp.goto('/signup');
    await sp.getByLabel('Your name').fill('Sally Seller');
    await sp.getByLabel('Email').fill(`sally-${Date.now()}@test.gavel`);
    await sp.getByLabel('Password').fill('correct horse battery');
    await sp.getByRole('button', { name: 'Create account' }).click();
    await sp.getByRole('link', { name: 'Sell', exact: true }).click();
    await sp.getByLabel('Title').fill('Leica M6 rangefinder');
    await sp.getByLabel('Description').fill('Classic 35 mm film camera, serviced last year.');
    await sp.getByLabel('Starting price').fill('100');
    await sp.getByRole('button', { name: 'Publish auction' }).click();
    await sp.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const auctionId = sp.url().split('/').pop() ?? '';
    await expect.poll(() => sp.getByTestId('current-price').textContent()).toBe('$100.00'.replace('$', '€'));
    await expect.poll(() => sp.getByText('No bids yet.').isVisible()).toBe(true);
    // The seller's page follows the auction over the WebSocket.
    await expect.poll(() => sp.getByTestId('live-status').getAttribute('data-connection')).toBe('live');

    // A second user bids from another browser context.
    const bob = await registerUser(t.app, 'bob');
    const bc = await contextAs(browser, t.url, bob.token);
    // Bob's network refuses WebSockets (a proxy that strips them): his page must fall back to polling.
    await bc.routeWebSocket(/\/api\/v1\/ws/, (ws) => ws.close());
    const bp = await bc.newPage();
    const bobErrors = watchErrors(bp);
    await bp.goto(`/auctions/${auctionId}`);
    await expect.poll(() => bp.getByTestId('minimum-bid').textContent()).toContain('€100.00');
    await bp.getByLabel(/Your maximum bid/).fill('150');
    await bp.getByRole('button', { name: 'Place bid' }).click();
    await expect.poll(() => bp.getByTestId('viewer-state').textContent()).toContain('You are winning');
    expect(await bp.getByTestId('live-status').getAttribute('data-connection')).toBe('polling');

    // The seller's page shows the new price and the bid in the history, without reload.
    await expect.poll(() => sp.getByTestId('bid-count').textContent(), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => sp.getByTestId('current-price').textContent()).toBe('€100.00');
    await expect.poll(() => sp.getByTestId('bid-history').locator('li').count()).toBe(1);

    // A third user outbids Bob's maximum: Bob's page says so, the seller sees the new price.
    const carol = await registerUser(t.app, 'carol');
    const cc = await contextAs(browser, t.url, carol.token);
    const cp = await cc.newPage();
    await cp.goto(`/auctions/${auctionId}`);
    await cp.getByLabel(/Your maximum bid/).fill('200');
    await cp.getByRole('button', { name: 'Place bid' }).click();
    await expect.poll(() => cp.getByTestId('viewer-state').textContent()).toContain('You are winning');

    await expect.poll(() => bp.getByTestId('viewer-state').textContent(), { timeout: 10_000 }).toContain('You have been outbid');
    // ...and the outbid notice reaches his inbox badge (polled, since his WebSocket is blocked).
    await expect.poll(() => bp.getByTestId('unread-badge').textContent(), { timeout: 15_000 }).toMatch(/^[1-9]/);
    await bp.getByRole('link', { name: /Notifications/ }).click();
    await expect.poll(() => bp.getByTestId('notifications').locator('[data-kind="outbid"]').count()).toBeGreaterThanOrEqual(1);
    await bp.goBack();
    const view = (await (await fetch(`${t.url}/api/v1/auctions/${auctionId}`)).json()) as { currentPrice: number };
    const shown = `€${(view.currentPrice / 100).toFixed(2)}`;
    await expect.poll(() => sp.getByTestId('current-price').textContent(), { timeout: 10_000 }).toBe(shown);
    await expect.poll(() => bp.getByTestId('current-price').textContent()).toBe(shown);
    await expect.poll(() => sp.getByTestId('bid-history').locator('li').count()).toBeGreaterThanOrEqual(2);

    // A bid below the minimum gets a sentence, not JSON.
    await bp.getByLabel(/Your maximum bid/).fill('1');
    await bp.getByRole('button', { name: 'Place bid' }).click();
    await expect.poll(() => bp.getByRole('alert').allTextContents()).toContainEqual(expect.stringMatching(/at least €/));

    expect(sellerErrors).toEqual([]);
    expect(bobErrors).toEqual([]);
    await Promise.all([seller.close(), bc.close(), cc.close()]);
  });
});

describe('pages at phone and desktop widths', () => {
  const save = process.env.UPDATE_SCREENSHOTS === '1';
  const dir = path.resolve(import.meta.dirname, '../../docs/screenshots');

  it('when the main pages render at 1280x800 and 390x844, then nothing overflows sideways (and screenshots are saved on request)', async () => {
    const seller = await registerUser(t.app, 'alice');
    const hour = 3_600_000;
    const lots: Record<string, unknown>[] = [
      { title: 'Omega Seamaster 300, 1967', startingPrice: 120_000, description: 'Original dial, recent service, box and papers.' },
      {
        title: 'Canon AE-1 with 50 mm f/1.8',
        startingPrice: 9_000,
        buyNowPrice: 18_000,
        endsAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      },
      { title: 'Signed print: "Harbour at dawn"', startingPrice: 25_000, reservePrice: 40_000 },
      {
        title: 'Dutch clock: vintage espresso machine',
        type: 'dutch',
        startingPrice: 60_000,
        dutch: { decrement: 1_000, intervalSeconds: 60, floorPrice: 30_000 },
      },
      { title: 'Sealed bid: 1 oz gold coin, 1986', type: 'sealed_second_price', startingPrice: 150_000 },
      { title: 'Mid-century teak sideboard', startingPrice: 45_000, endsAt: new Date(Date.now() + 5 * hour).toISOString() },
    ];
    // Each lot has photographs, as listings do: the screenshots show a listing with photos.
    const subjects: Subject[][] = [['watch', 'watch'], ['camera', 'camera'], ['painting'], ['keyboard'], ['coin'], ['sideboard']];
    const created = [];
    for (const [i, lot] of lots.entries()) {
      const shots = subjects[i] ?? [];
      const angles = ['front', 'side'] as const;
      const images = [];
      for (const [k, subject] of shots.entries())
        images.push({ uploadId: await uploadPhoto(t.app, seller.token, subject, `lot-${i}`, angles[k]), alt: `${String(lot.title)}, ${angles[k]}` });
      created.push(await createAuction(t.app, seller.token, { endsAt: new Date(Date.now() + 26 * hour).toISOString(), ...lot, images }));
    }
    const bidder = await registerUser(t.app, 'bidder');
    await fetch(`${t.url}/api/v1/auctions/${created[0]?.id}/bids`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bidder.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 130_000 }),
    });
    const viewer = await registerUser(t.app, 'viewer');

    const pages: [string, string, string | null][] = [
      ['home', '/', null],
      ['browse', '/browse', null],
      ['auction', `/auctions/${created[0]?.id}`, viewer.token],
      ['sell', '/sell', viewer.token],
      ['signin', '/signin', null],
    ];
    if (save) mkdirSync(dir, { recursive: true });
    for (const [label, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      for (const [name, url, token] of pages) {
        const ctx = await contextAs(browser, t.url, token, viewport);
        const page = await ctx.newPage();
        const errors = watchErrors(page);
        await page.goto(url);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        // Runs in the page; written as a string so this file needs no DOM types.
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow, `${name} at ${label} overflows sideways`).toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        if (save) await page.screenshot({ path: path.join(dir, `${name}-${label}.png`) });
        await ctx.close();
      }
    }
  });
});

describe('content security policy', () => {
  it('when the API docs are opened, then Swagger UI renders the Gavel API under its own CSP', async () => {
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${t.url}/docs`);
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Gavel API' }).waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when the pages above were used, then the browser reported no CSP violation', () => {
    expect(cspViolations()).toEqual([]);
  });
});

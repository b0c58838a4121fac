import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAddress } from '../factories/addresses.js';
import { bid, createAuction } from '../factories/auctions.js';
import { addSandboxCard, createFlashSale, reserve } from '../factories/flash-sales.js';
import { bearer, registerUser } from '../factories/users.js';
import type { TestApp } from '../support/app.js';
import { contextAs, cspViolations, launchChromium, startWebApp } from './support/browser.js';

// Real-browser tests of the shop half of the web app: flash sales, cart, checkout with a
// sandbox card, orders (flash-sale checkout and a won auction) and the admin page.

let t: TestApp & { url: string };
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;

beforeAll(async () => {
  // Brisk background work: auctions close and settle within a second or two.
  t = await startWebApp({ OUTBOX_POLL_MS: '50', CLOSE_SWEEP_INTERVAL_MS: '100' });
  chrome = await launchChromium();
  browser = chrome.browser;
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await t?.close();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

const item = (page: Page, sku: string) => page.locator(`[data-testid="flash-item"][data-sku="${sku}"]`);
const remaining = async (page: Page, sku: string) => Number(await item(page, sku).getByTestId('remaining').getAttribute('data-remaining'));

async function adminToken(): Promise<string> {
  await t.app.services.identity.ensureAdmin('root@browser.test', 'admin password 123');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'root@browser.test', password: 'admin password 123' },
  });
  return (res.json() as { token: string }).token;
}

describe('flash sale in the browser', () => {
  it('when buyer A reserves, then buyer B sees the stock drop live, a single unit sells out, and A checks out with a new sandbox card', async () => {
    const seller = await registerUser(t.app, 'shop');
    const sale = await createFlashSale(t.app, seller.token, { title: 'Midnight drop', description: 'Two things, very few of them.' }, [
      { sku: 'TEE', title: 'Gavel T-shirt', price: 1500, currency: 'EUR', stock: 10, perUserLimit: 2 },
      { sku: 'LAMP', title: 'Last-one desk lamp', price: 4900, currency: 'EUR', stock: 1, perUserLimit: 1 },
    ]);

    // Buyer B watches the sale; stock is pushed to his page over the WebSocket.
    const b = await registerUser(t.app, 'buyer-b');
    const bc = await contextAs(browser, t.url, b.token);
    const bp = await bc.newPage();
    const bErrors = watchErrors(bp);
    await bp.goto(`/flash-sales/${sale.id}`);
    await expect.poll(() => remaining(bp, 'TEE')).toBe(10);
    await expect.poll(() => bp.getByTestId('live-status').getAttribute('data-connection')).toBe('live');

    // Buyer A finds the sale from the home page and reserves one T-shirt. A's network
    // refuses WebSockets (a proxy that strips them): A's page falls back to polling.
    const a = await registerUser(t.app, 'buyer-a');
    await addAddress(t.app, a);
    const ac = await contextAs(browser, t.url, a.token);
    await ac.routeWebSocket(/\/api\/v1\/ws/, (ws) => ws.close());
    const ap = await ac.newPage();
    const aErrors = watchErrors(ap);
    await ap.goto('/');
    await ap.getByRole('link', { name: /Midnight drop/ }).click();
    await ap.waitForURL(`**/flash-sales/${sale.id}`);
    await expect.poll(() => ap.getByTestId('live-status').getAttribute('data-connection')).toBe('polling');
    await item(ap, 'TEE').getByRole('button', { name: 'Reserve' }).click();
    await expect.poll(() => item(ap, 'TEE').getByTestId('reserve-outcome').textContent()).toContain('Reserved 1 × Gavel T-shirt');
    await expect.poll(() => remaining(ap, 'TEE')).toBe(9);

    // B's page shows the drop without a reload.
    await expect.poll(() => remaining(bp, 'TEE'), { timeout: 10_000 }).toBe(9);

    // The last lamp: A takes it; both pages show it sold out.
    await item(ap, 'LAMP').getByRole('button', { name: 'Reserve' }).click();
    await expect.poll(() => item(ap, 'LAMP').getAttribute('data-state')).toBe('sold_out');
    await expect.poll(() => item(bp, 'LAMP').getAttribute('data-state'), { timeout: 10_000 }).toBe('sold_out');
    expect(await item(bp, 'LAMP').getByTestId('sold-out').isVisible()).toBe(true);
    expect(await item(bp, 'LAMP').getByRole('button', { name: 'Reserve' }).count()).toBe(0);

    // A third T-shirt is over A's limit of 2 per customer: a sentence, not a code.
    await item(ap, 'TEE').getByLabel('Quantity').fill('2');
    await item(ap, 'TEE').getByRole('button', { name: 'Reserve' }).click();
    await expect.poll(() => item(ap, 'TEE').getByTestId('reserve-outcome').textContent()).toContain('limit is 2 per customer');

    // The cart badge counts A's units; the cart shows both holds with their timers.
    await expect.poll(() => ap.getByTestId('cart-badge').textContent()).toBe('2');
    await ap.getByRole('link', { name: /^Cart/ }).click();
    await expect.poll(() => ap.getByTestId('cart-line').count()).toBe(2);
    await expect.poll(() => ap.getByTestId('hold-timer').first().textContent()).toMatch(/Held for \d+m/);
    await expect.poll(() => ap.getByTestId('cart-total').textContent()).toBe('€64.00');

    // No card yet: add a sandbox card, come back, pay.
    await ap.getByRole('link', { name: 'Add a payment method' }).click();
    await ap.getByLabel('Card number').fill('4242 4242 4242 4242');
    await ap.getByLabel('Expiry (MM/YY)').fill('12/39');
    await ap.getByLabel('Security code').fill('123');
    await ap.getByRole('button', { name: 'Save card' }).click();
    await ap.waitForURL('**/cart');
    await ap.getByRole('button', { name: 'Pay €64.00' }).click();
    await ap.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect.poll(() => ap.getByTestId('order-status').getAttribute('data-status')).toMatch(/^(paid|paid_out|in_escrow)$/);
    await expect.poll(() => ap.getByTestId('order-status').textContent()).toContain('Paid');
    await expect.poll(() => ap.getByTestId('order-total').textContent()).toBe('€64.00');
    await expect.poll(() => ap.getByTestId('order-timeline').locator('li').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await ap.getByTestId('cart-badge').count()) === 0).toBe(true);

    // The receipt names the card by brand and last digits only.
    await ap.getByRole('link', { name: 'View receipt' }).click();
    await expect.poll(() => ap.getByTestId('receipt').textContent()).toContain('•••• 4242');

    // B's page still shows 9 T-shirts (sold units stay sold) and the lamp sold out.
    await expect.poll(() => remaining(bp, 'TEE')).toBe(9);
    expect(aErrors).toEqual([]);
    expect(bErrors).toEqual([]);
    await Promise.all([ac.close(), bc.close()]);
  });
});

describe('orders in the browser', () => {
  it('when an auction closes with a winner, then the winner sees the paid order, the seller ships, the buyer disputes and an admin resolves it', async () => {
    const seller = await registerUser(t.app, 'auctioneer');
    const winner = await registerUser(t.app, 'winner');
    await addSandboxCard(t.app, winner.token);
    const a = await createAuction(t.app, seller.token, {
      title: 'Brass telescope',
      startingPrice: 5000,
      softClose: null,
      endsAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await bid(t.app, winner.token, a.id, 7000)).statusCode).toBe(201);

    // Settlement runs through the outbox after the close: wait for the order to exist.
    let orderId = '';
    await expect
      .poll(
        async () => {
          const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/orders', headers: bearer(winner.token) });
          const o = (res.json() as { items: { id: string; auctionId: string | null }[] }).items.find((x) => x.auctionId === a.id);
          orderId = o?.id ?? '';
          return orderId;
        },
        { timeout: 20_000, interval: 200 },
      )
      .not.toBe('');

    const wc = await contextAs(browser, t.url, winner.token);
    const wp = await wc.newPage();
    const wErrors = watchErrors(wp);
    await wp.goto('/orders');
    await wp.getByRole('link', { name: /Brass telescope/ }).click();
    await wp.waitForURL(`**/orders/${orderId}`);
    // The page follows the workflow until the capture lands in escrow.
    await expect.poll(() => wp.getByTestId('order-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('in_escrow');
    // Right after winning, the winner chooses where it ships (their saved address is preselected).
    await addAddress(t.app, winner);
    await wp.reload();
    await wp.getByTestId('address-step').getByRole('button', { name: 'Ship here' }).click();
    await expect.poll(() => wp.getByTestId('order-address').textContent()).toContain('Berlin');

    // The seller ships from the same page.
    const sc = await contextAs(browser, t.url, seller.token);
    const sp = await sc.newPage();
    const sErrors = watchErrors(sp);
    await sp.goto(`/orders/${orderId}`);
    await sp.getByLabel('Carrier').fill('DHL');
    await sp.getByLabel('Tracking number').fill('JD0001234');
    await sp.getByRole('button', { name: 'Mark as shipped' }).click();
    await expect.poll(() => sp.getByTestId('order-status').getAttribute('data-status')).toBe('shipped');

    // The buyer's page picks it up; the item is not as described, so the buyer opens a dispute.
    await expect.poll(() => wp.getByTestId('order-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('shipped');
    expect(await wp.getByRole('button', { name: /I received it/ }).isVisible()).toBe(true);
    await wp.getByText('Something wrong? Open a dispute').click();
    await wp.getByLabel('Reason').selectOption('Item not as described');
    await wp.getByLabel('What happened?').fill('The lens is cracked.');
    await wp.getByRole('button', { name: 'Open dispute' }).click();
    await expect.poll(() => wp.getByTestId('order-status').getAttribute('data-status')).toBe('disputed');
    await expect.poll(() => wp.getByTestId('dispute').textContent()).toContain('The lens is cracked.');

    // The admin sees the admin nav and the dispute in the queue; the buyer does not see the admin nav.
    expect(await wp.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    const ac = await contextAs(browser, t.url, await adminToken());
    const ap = await ac.newPage();
    const aErrors = watchErrors(ap);
    await ap.goto('/');
    await ap.getByRole('link', { name: 'Admin', exact: true }).click();
    await expect.poll(() => ap.getByTestId('ledger-balanced').textContent()).toContain('The books balance');
    await ap.getByTestId('dispute-queue').getByRole('link', { name: /Brass telescope/ }).click();
    await ap.waitForURL(`**/orders/${orderId}`);
    // The admin refunds €20 of the €70: the rest is released to the seller.
    await ap.getByLabel('Refund amount (empty: everything)').fill('20');
    await ap.getByRole('button', { name: 'Resolve dispute' }).click();
    await expect.poll(() => ap.getByTestId('order-status').getAttribute('data-status')).toMatch(/^(released|paid_out)$/);
    await expect.poll(() => wp.getByTestId('order-status').getAttribute('data-status'), { timeout: 10_000 }).toMatch(/^(released|paid_out)$/);
    await expect.poll(() => wp.getByTestId('dispute').getAttribute('data-status')).toBe('resolved_refund');

    expect(wErrors).toEqual([]);
    expect(sErrors).toEqual([]);
    expect(aErrors).toEqual([]);
    await Promise.all([wc.close(), sc.close(), ac.close()]);
  });
});

describe('image upload and admin users in the browser', () => {
  /** A valid 1x1 PNG, made here so the test needs no fixture file. */
  const PNG_1X1 = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );

  it('when a seller uploads a PNG in the sell form, then the auction shows it; an admin finds the seller under Users and makes them admin', async () => {
    const seller = await registerUser(t.app, 'uploader');
    const sc = await contextAs(browser, t.url, seller.token);
    const sp = await sc.newPage();
    const sErrors = watchErrors(sp);
    await sp.goto('/sell');
    await sp.getByLabel('Upload images').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await expect.poll(() => sp.getByTestId('upload-status').textContent(), { timeout: 10_000 }).toContain('Uploaded 1 image');
    const thumb = sp.getByTestId('sell-image').locator('img');
    const thumbUrl = (await thumb.getAttribute('src')) ?? '';
    expect(thumbUrl).toMatch(new RegExp(`^${t.url}/uploads/[0-9a-f-]{36}/thumbnail$`));
    const url = thumbUrl.replace(/\/thumbnail$/, '');
    // A file that is not an image is refused with words, and the list is unchanged.
    await sp.getByLabel('Upload images').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await expect.poll(() => sp.getByRole('alert').first().textContent()).toContain('"notes.png" was not uploaded');
    expect(await sp.getByTestId('sell-image').count()).toBe(1);

    await sp.getByLabel('Title').fill('Pixel-perfect dot');
    await sp.getByLabel('Starting price').fill('5');
    await sp.getByRole('button', { name: 'Publish auction' }).click();
    await sp.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    // The gallery shows the upload's listing-size variant (a 1 px image stays 1 px: never upscaled).
    const img = sp.locator('[data-testid="gallery-main"] img').first();
    expect(await img.getAttribute('src')).toBe(`${new URL(url).pathname}/listing`);
    // Loaded and decoded: a broken image has naturalWidth 0 (srcset scales a loaded one by its density).
    await expect
      .poll(() =>
        img.evaluate((el) => {
          const i = el as unknown as { complete: boolean; naturalWidth: number };
          return i.complete && i.naturalWidth > 0;
        }),
      )
      .toBe(true);

    const ac = await contextAs(browser, t.url, await adminToken());
    const ap = await ac.newPage();
    const aErrors = watchErrors(ap);
    await ap.goto('/admin');
    await ap.getByRole('button', { name: 'Users', exact: true }).click();
    await ap.getByLabel('Email or name').fill(seller.email);
    await ap.getByRole('button', { name: 'Search', exact: true }).click();
    const row = ap.getByTestId('admin-user').filter({ hasText: seller.email });
    await expect.poll(() => ap.getByTestId('admin-user').count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain('1 auction');
    await row.getByRole('button', { name: 'Make admin' }).click();
    await row.getByRole('button', { name: 'Yes, make admin' }).click();
    await expect.poll(() => row.textContent()).toContain('is now an administrator');
    // An admin cannot remove their own role: the page says why in words.
    await ap.getByLabel('Email or name').fill('root@browser.test');
    await ap.getByRole('button', { name: 'Search', exact: true }).click();
    const self = ap.getByTestId('admin-user').filter({ hasText: 'root@browser.test' });
    await self.getByRole('button', { name: 'Remove admin' }).click();
    await self.getByRole('button', { name: 'Yes, remove admin' }).click();
    await expect.poll(() => self.getByRole('alert').textContent()).toContain('cannot remove your own admin role');

    expect(sErrors).toEqual([]);
    expect(aErrors).toEqual([]);
    await Promise.all([sc.close(), ac.close()]);
  });
});

describe('shop pages at phone and desktop widths', () => {
  const save = process.env.UPDATE_SCREENSHOTS === '1';
  const dir = path.resolve(import.meta.dirname, '../../docs/screenshots');

  it('when the shop pages render at 1280x800 and 390x844, then nothing overflows sideways (and screenshots are saved on request)', async () => {
    const seller = await registerUser(t.app, 'store');
    const hour = 3_600_000;
    const sale = await createFlashSale(
      t.app,
      seller.token,
      {
        title: 'Camera bag clearance',
        description: 'Canvas and leather bags from last season, while stock lasts.',
        endsAt: new Date(Date.now() + 2 * hour).toISOString(),
      },
      [
        { sku: 'BAG-S', title: 'Canvas sling, small', price: 3900, currency: 'EUR', stock: 40, perUserLimit: 2 },
        { sku: 'BAG-M', title: 'Leather messenger', price: 12900, currency: 'EUR', stock: 12, perUserLimit: 1 },
        { sku: 'STRAP', title: 'Padded strap', price: 1900, currency: 'EUR', stock: 1, perUserLimit: 1 },
      ],
    );
    await createFlashSale(t.app, seller.token, {
      title: 'Film Friday',
      startsAt: new Date(Date.now() + 3 * hour).toISOString(),
      endsAt: new Date(Date.now() + 5 * hour).toISOString(),
    });
    const buyer = await registerUser(t.app, 'shopper');
    await addSandboxCard(t.app, buyer.token);
    await addSandboxCard(t.app, buyer.token, '5555555555554444');
    const [s0, s1, s2] = sale.items;
    // Someone else took the only strap: it shows sold out.
    const early = await registerUser(t.app, 'early');
    await reserve(t.app, early.token, sale.id, s2?.id ?? '');
    const paidLine = await reserve(t.app, buyer.token, sale.id, s1?.id ?? '');
    const methods = await t.app.inject({ method: 'GET', url: '/api/v1/me/payment-methods', headers: bearer(buyer.token) });
    const methodId = (methods.json() as { items: { id: string }[] }).items[0]?.id;
    const order = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checkout',
      headers: bearer(buyer.token),
      payload: { reservationIds: [paidLine], paymentMethodId: methodId },
    });
    expect(order.statusCode).toBe(201);
    const orderId = (order.json() as { id: string }).id;
    await reserve(t.app, buyer.token, sale.id, s0?.id ?? '', 2);
    const admin = await adminToken();

    const pages: [string, string, string | null][] = [
      ['flash-sales', '/flash-sales', null],
      ['flash-sale', `/flash-sales/${sale.id}`, buyer.token],
      ['cart', '/cart', buyer.token],
      ['orders', '/orders', buyer.token],
      ['order', `/orders/${orderId}`, buyer.token],
      ['payment-methods', '/account/payment-methods', buyer.token],
      ['admin', '/admin', admin],
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
  it('when the pages above were used, then the browser reported no CSP violation', () => {
    expect(cspViolations()).toEqual([]);
  });
});

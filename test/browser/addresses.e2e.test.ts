import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { addCard, ordersRepo } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The address book, the address step after buying, the seller's view of it and the receipt.

const suite = browserSuite();
const save = process.env.UPDATE_SCREENSHOTS === '1';
const dir = path.resolve(import.meta.dirname, '../../docs/screenshots');

async function waitForOrder(auctionId: string, status: string): Promise<string> {
  const until = Date.now() + 20_000;
  for (;;) {
    const [o] = await ordersRepo(suite.t.app).ordersOfAuction(suite.t.app.deps.sql, auctionId);
    if (o?.status === status) return o.id;
    if (Date.now() > until) throw new Error(`order of ${auctionId} is ${o?.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('shipping addresses in the browser', () => {
  it('when a buyer adds an address, buys, and chooses it at the address step, then the seller sees it and the receipt shows it', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'samseller');
    const buyer = await registerUser(t.app, 'beabuyer');
    await addCard(t.app, buyer);
    const bc = await contextAs(browser, t.url, buyer.token);
    const page = await bc.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // The address book: a wrong postal code is named on its field, then the address is saved.
    await page.goto('/account/addresses');
    await page.getByRole('button', { name: 'Add an address' }).click();
    await page.getByLabel('Country').selectOption('DE');
    await page.getByLabel('Full name').fill('Bea Buyer');
    await page.getByLabel('Street and number').fill('Unter den Linden 1');
    await page.getByLabel('Postal code').fill('1011');
    await page.getByLabel('City').fill('Berlin');
    await page.getByRole('button', { name: 'Save address' }).click();
    const postal = page.getByLabel('Postal code');
    await expect.poll(() => postal.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await postal.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('This is not a valid postal code here (for example 10115).');
    await postal.fill('10117');
    await page.getByRole('button', { name: 'Save address' }).click();
    await expect.poll(() => page.getByTestId('address-row').allTextContents()).toEqual([expect.stringContaining('10117 Berlin')]);

    // Buy now: the order is paid into escrow; the buyer chooses where it ships.
    const a = await createAuction(t.app, seller.token, { title: 'Rolleiflex 2.8F', buyNowPrice: 45_000 });
    const bought = await t.app.inject({ method: 'POST', url: `/api/v1/auctions/${a.id}/buy-now`, headers: bearer(buyer.token) });
    expect(bought.statusCode).toBe(201);
    const orderId = await waitForOrder(a.id, 'in_escrow');
    await page.goto(`/orders/${orderId}`);
    const step = page.getByTestId('address-step');
    await expect.poll(() => step.getByRole('heading').textContent()).toBe('Where should it go?');
    await expect.poll(() => step.getByRole('radio').isChecked()).toBe(true);
    if (save) await page.screenshot({ path: path.join(dir, 'address-step.png') });
    await step.getByRole('button', { name: 'Ship here' }).click();
    await expect.poll(() => page.getByTestId('order-address').textContent()).toContain('Unter den Linden 1');

    // The seller sees where to ship, and may now ship.
    const sc = await contextAs(browser, t.url, seller.token);
    const sp = await sc.newPage();
    sp.on('pageerror', (e) => errors.push(e.message));
    await sp.goto(`/orders/${orderId}`);
    await expect.poll(() => sp.getByTestId('seller-address').textContent()).toContain('10117 Berlin');
    expect(await sp.getByTestId('seller-address').textContent()).toContain('Germany');

    // The receipt names both sides and the address.
    await page.goto(`/orders/${orderId}/receipt`);
    const parties = page.getByTestId('receipt-parties');
    await expect.poll(() => parties.textContent()).toContain('samseller');
    expect(await parties.textContent()).toContain('beabuyer');
    expect(await page.getByTestId('receipt-address').textContent()).toContain('Unter den Linden 1');
    expect(errors).toEqual([]);
    await Promise.all([bc.close(), sc.close()]);
  });
});

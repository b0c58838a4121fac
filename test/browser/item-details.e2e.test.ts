import { describe, expect, it } from 'vitest';
import { addAddress } from '../factories/addresses.js';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The item details of a listing, from the Sell form to the auction page and its shipping quote.

const suite = browserSuite();

describe('item details in the browser', () => {
  it('when a seller lists with condition, specifications, location and shipping, then the page shows them and quotes shipping', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'detailer');
    const ctx = await contextAs(browser, t.url, seller.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/sell');
    await page.getByLabel('Title').fill('Leica M6 rangefinder');
    await page.getByLabel('Starting price').fill('100');
    await page.getByLabel('Condition').selectOption('used_good');
    for (const [i, [name, value]] of [
      ['Brand', 'Leica'],
      ['Film format', '35 mm'],
    ].entries()) {
      await page.getByRole('button', { name: 'Add a specification' }).click();
      await page.getByLabel(`Specification ${i + 1} name`).fill(name!);
      await page.getByLabel(`Specification ${i + 1} value`).fill(value!);
    }
    await page.getByLabel('Item location').selectOption('DE');
    await page.getByLabel('City').fill('Berlin');
    const option = async (i: number, service: string, cost: string, country: string) => {
      await page.getByRole('button', { name: 'Add a shipping option' }).click();
      await page.getByLabel(`Shipping option ${i} service`).fill(service);
      await page.getByLabel(`Shipping option ${i} cost`).fill(cost);
      await page.getByLabel(`Shipping option ${i} ships to`).selectOption(country);
    };
    await option(1, 'Courier', '25', 'DE');
    await option(2, 'Post', '9', 'DE');
    await option(3, 'Post to Austria', '12', 'AT');
    await page.getByLabel('Local pickup').check();
    await page.getByLabel('Handling time (days)').fill('2');
    await page.getByRole('button', { name: 'Publish auction' }).click();
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);

    const details = page.getByTestId('item-details');
    await expect.poll(() => details.getByTestId('condition').textContent()).toBe('Used, good');
    expect(await details.getByTestId('location').textContent()).toBe('Berlin, Germany');
    const rows = await details.getByTestId('specifications').locator('tr').allTextContents();
    expect(rows).toEqual(['BrandLeica', 'Film format35 mm']);

    await page.getByLabel('Shipping to').selectOption('DE');
    const quote = page.getByTestId('shipping-quote');
    await expect.poll(() => quote.locator('li').allTextContents()).toEqual(['Post€9.00', 'Courier€25.00', 'Local pickup is also possible.']);
    await page.getByLabel('Shipping to').selectOption('JP');
    await expect.poll(() => quote.getByRole('alert').textContent()).toBe('The seller does not ship to this country.');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when a viewer opens a listing that ships, then the quote is for their country (default address, else browser region) and they can change it', async () => {
    const { t, browser } = suite;
    const [seller, buyer] = await Promise.all([registerUser(t.app, 'shipper'), registerUser(t.app, 'wiener')]);
    const a = await createAuction(t.app, seller.token, {
      title: 'Bakelite radio',
      shipping: {
        options: [
          { service: 'Post', cost: 900, regions: ['DE'] },
          { service: 'Courier', cost: 3000, regions: ['worldwide'] },
        ],
        localPickup: false,
        handlingDays: 1,
      },
    });
    await addAddress(t.app, buyer, { city: 'Wien', postalCode: '1010', line1: 'Stephansplatz 1', country: 'AT', isDefault: true });

    const ctx = await contextAs(browser, t.url, buyer.token);
    const page = await ctx.newPage();
    await page.goto(`/auctions/${a.id}`);
    const quote = page.getByTestId('shipping-quote');
    await expect.poll(() => page.getByLabel('Shipping to').inputValue()).toBe('AT');
    await expect.poll(() => quote.locator('li').allTextContents()).toEqual(['Courier€30.00']);
    await page.getByLabel('Shipping to').selectOption('DE');
    await expect.poll(() => quote.locator('li').allTextContents()).toEqual(['Post€9.00', 'Courier€30.00']);
    await ctx.close();

    // A visitor has no address book: the browser language's region (en-GB) is asked.
    const visitor = await browser.newContext({ baseURL: t.url, locale: 'en-GB', timezoneId: 'UTC' });
    const vp = await visitor.newPage();
    await vp.goto(`/auctions/${a.id}`);
    await expect.poll(() => vp.getByLabel('Shipping to').inputValue()).toBe('GB');
    await expect.poll(() => vp.getByTestId('shipping-quote').locator('li').allTextContents()).toEqual(['Courier€30.00']);
    await visitor.close();
  });
});

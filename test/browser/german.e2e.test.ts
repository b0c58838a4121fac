import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { createFlashSale } from '../factories/flash-sales.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The German interface of the shop and a member's own pages: words, plurals and
// money as a German reader expects them ("1.234,50 €", "1 Gebot" / "3 Gebote").

const suite = browserSuite();
const save = process.env.UPDATE_SCREENSHOTS === '1';
const screenshots = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** Text as a person reads it: Intl puts a no-break space between amount and currency. */
const text = async (p: Promise<string | null>) => ((await p) ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('German in the browser', () => {
  it('when a buyer switches to Deutsch, then the flash sale, My bids and My listings read German with German plurals and money', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'verkaeufer');
    const sale = await createFlashSale(t.app, seller.token, { title: 'Nachtverkauf' }, [
      { sku: 'UHR', title: 'Taschenuhr', price: 123_450, currency: 'EUR', stock: 10, perUserLimit: 2 },
    ]);
    const one = await createAuction(t.app, seller.token, { title: 'Messinglampe', startingPrice: 1000 });
    const three = await createAuction(t.app, seller.token, { title: 'Teakholz-Kommode', startingPrice: 1000 });
    const buyer = await registerUser(t.app, 'kaeufer');
    expect((await bid(t.app, buyer.token, one.id, 123_450)).statusCode).toBe(201);
    for (const [name, amount] of [
      ['erste', 2000],
      ['zweite', 4000],
      ['dritte', 8000],
    ] as const) {
      const bidder = await registerUser(t.app, name);
      expect((await bid(t.app, bidder.token, three.id, amount)).statusCode).toBe(201);
    }

    // The buyer starts in English and switches with the footer's language picker.
    const bc = await contextAs(browser, t.url, buyer.token);
    const bp = await bc.newPage();
    const errors = watchErrors(bp);
    await bp.goto(`/flash-sales/${sale.id}`);
    const item = bp.getByTestId('flash-item');
    await expect.poll(() => text(item.locator('.flash-price').textContent())).toBe('€1,234.50');
    await bp.locator('label.language-picker select').selectOption('de');
    await expect.poll(() => bp.evaluate<string>('document.documentElement.lang')).toBe('de');
    await expect.poll(() => text(item.locator('.flash-price').textContent())).toBe('1.234,50 €');
    expect(await text(item.getByTestId('remaining').textContent())).toBe('Noch 10 von 10');
    expect(await text(item.locator('.hint').textContent())).toBe('Höchstens 2 pro Person');
    expect(await text(bp.getByTestId('sale-countdown').textContent())).toMatch(/^Endet in \d/);
    await item.getByLabel('Menge').fill('3');
    await item.getByRole('button', { name: 'Reservieren' }).click();
    await expect.poll(() => text(item.getByTestId('reserve-outcome').textContent())).toBe('Pro Person sind höchstens 2 Stück möglich.');
    await item.getByLabel('Menge').fill('1');
    await item.getByRole('button', { name: 'Reservieren' }).click();
    // The hold's end in words, in German, with the zone named; never an ISO timestamp.
    await expect
      .poll(() => text(item.getByTestId('reserve-outcome').textContent()))
      .toMatch(/^1 × Taschenuhr reserviert\. Die Reservierung gilt bis \d{1,2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC\. Zum Warenkorb$/);
    await expect.poll(() => text(item.locator('.hint').textContent())).toBe('Höchstens 2 pro Person · 1 in Ihrem Warenkorb');
    if (save) {
      await bp.screenshot({ path: path.join(screenshots, 'flash-sale-de-desktop.png') });
      await bp.setViewportSize({ width: 390, height: 844 });
      await bp.screenshot({ path: path.join(screenshots, 'flash-sale-de-phone.png') });
      await bp.setViewportSize({ width: 1280, height: 800 });
    }

    // The list of sales: a German card with a German price.
    await bp.goto('/flash-sales');
    await expect.poll(() => text(bp.locator('main h1').textContent())).toBe('Flash-Sales');
    const card = bp.locator('.card').filter({ hasText: 'Nachtverkauf' });
    await expect.poll(() => text(card.locator('.card-meta .muted').textContent())).toBe('Flash-Sale · 1 Artikel');
    expect(await text(card.locator('.card-price').textContent())).toBe('Ab 1.234,50 €');
    expect(await text(card.locator('.card-foot .muted').textContent())).toBe('Noch 9 Stück');

    // My bids: the standing and the buyer's maximum, in German.
    await bp.goto('/me/bids');
    await expect.poll(() => text(bp.locator('main h1').textContent())).toBe('Meine Gebote');
    const row = bp.locator('.row-item').filter({ hasText: 'Messinglampe' });
    await expect.poll(() => text(row.getByTestId('standing').textContent())).toBe('Höchstbietend');
    expect(await text(row.locator('.row-main .muted').textContent())).toContain('Ihr Maximum 1.234,50 €');
    expect(errors).toEqual([]);
    await bc.close();

    // The seller's device remembers German from an earlier visit: German from the first paint.
    const sc = await contextAs(browser, t.url, seller.token);
    await sc.addInitScript({ content: "localStorage.setItem('gavel.language', 'de')" });
    const sp = await sc.newPage();
    const sellerErrors = watchErrors(sp);
    await sp.goto('/me/listings');
    await expect.poll(() => text(sp.locator('main h1').textContent())).toBe('Meine Angebote');
    const bids = (title: string) => text(sp.locator('.row-item').filter({ hasText: title }).getByTestId('bid-count').textContent());
    await expect.poll(() => bids('Messinglampe')).toBe('1 Gebot');
    expect(await bids('Teakholz-Kommode')).toMatch(/^[3-9] Gebote$/);
    expect(await text(sp.getByRole('button', { name: 'Laufend und geplant' }).textContent())).toBe('Laufend und geplant');
    await sp.getByRole('button', { name: 'Beendet' }).click();
    await expect.poll(() => text(sp.locator('.empty').textContent())).toBe('Hier ist nichts. Bieten Sie einen Artikel an.');

    // A wrong address, in German too.
    await sp.goto('/gibt-es-nicht');
    await expect.poll(() => text(sp.locator('main h1').textContent())).toBe('Seite nicht gefunden');
    expect(await sp.title()).toBe('Nicht gefunden · Gavel');
    expect(sellerErrors).toEqual([]);
    await sc.close();
  });
});

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The search page in a real browser: words, two filters and a facet click on a desktop,
// removable chips and the filter sheet on a phone, and the header's suggestions.

const suite = browserSuite();

/** Waits for a value as the page settles (a shared machine can take seconds to answer a search). */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** Titles on the result tiles, in order. */
async function titles(page: Page): Promise<string[]> {
  return page.locator('ul.grid li.card .card-title').allTextContents();
}

beforeAll(async () => {
  const { t } = suite;
  const admin = await t.app.services.identity.ensureAdmin('root@search.test', 'admin password 123');
  if (!admin.ok) throw new Error('no admin');
  await t.app.services.catalog.create(admin.value.id, { name: 'Optics', slug: 'optics' });
  await t.app.services.catalog.create(admin.value.id, { name: 'Telescopes', slug: 'telescopes', parentId: 'optics' });
  await t.app.services.catalog.create(admin.value.id, { name: 'Coins', slug: 'coins' });
  const seller = await registerUser(t.app, 'Searcher');
  const lots = [
    { title: 'Brass telescope', condition: 'new', buyNowPrice: 50_000, categoryId: 'telescopes' },
    { title: 'Brass telescope stand', condition: 'used_good', buyNowPrice: 20_000, categoryId: 'telescopes' },
    { title: 'Brass compass', condition: 'new', categoryId: 'optics' },
    { title: 'Brass coin', condition: 'new', buyNowPrice: 9_000, categoryId: 'coins' },
    { title: 'Silver spoon', condition: 'new', buyNowPrice: 3_000, categoryId: 'coins' },
  ];
  for (const lot of lots) await createAuction(t.app, seller.token, lot);
}, 60_000);

describe('the search page', () => {
  it('when a visitor searches a word, applies condition and buy-now and then clicks a category, then results, counts and the URL follow', async () => {
    const { t, browser } = suite;
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/browse?q=brass');
    await poll(() => titles(page).then((x) => x.sort())).toEqual(['Brass coin', 'Brass compass', 'Brass telescope', 'Brass telescope stand']);

    // Condition from the facet, with its count; then "has buy now" from the form.
    const conditions = page.getByTestId('facet-condition');
    await poll(() => conditions.getByRole('link').allTextContents()).toEqual(['New (3)', 'Used, good (1)']);
    await conditions.getByRole('link', { name: 'New (3)' }).click();
    await page.waitForURL(/condition=new/);
    await page.getByRole('checkbox', { name: 'Buy now available' }).check();
    await page.waitForURL(/hasBuyNow=true/);
    await poll(() => titles(page).then((x) => x.sort())).toEqual(['Brass coin', 'Brass telescope']);
    // Each dimension counts without its own filter: "used, good" still shows what it would add.
    await poll(() => conditions.getByRole('link').allTextContents()).toEqual(['New (2)', 'Used, good (1)']);
    expect(await conditions.getByRole('link', { name: 'New (2)' }).getAttribute('aria-current')).toBe('true');
    const tree = page.locator('section[aria-labelledby="fg-category"]');
    await poll(() => tree.locator('a.facet-option').allTextContents().then((x) => x.sort())).toEqual(['Coins (1)', 'Optics (1)']);

    // A category from the tree: the URL keeps the other filters, the results narrow, the path shows above them.
    await tree.getByRole('link', { name: 'Coins (1)' }).click();
    await page.waitForURL(/categoryId=coins/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'brass', condition: 'new', hasBuyNow: 'true', categoryId: 'coins' });
    await poll(() => titles(page)).toEqual(['Brass coin']);
    expect(await page.getByRole('navigation', { name: 'Category path' }).textContent()).toBe('All categories › Coins');

    // Expanding a parent shows its children with their counts; the back button goes back to before the click.
    await tree.getByRole('button', { name: 'Show subcategories of Optics' }).click();
    const optics = tree.locator('li').filter({ has: page.getByRole('link', { name: 'Optics (1)' }) });
    await poll(() => optics.locator('.facet-subtree a.facet-option').allTextContents()).toEqual(['Telescopes (1)']);
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('categoryId'));
    await poll(() => titles(page).then((x) => x.sort())).toEqual(['Brass coin', 'Brass telescope']);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when the categories overview is opened, then top-level categories list their children and lead to their results', async () => {
    const { t, browser } = suite;
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    await page.goto('/categories');
    const optics = page.getByTestId('category-card').filter({ hasText: 'Optics' });
    await optics.getByRole('link', { name: 'Telescopes' }).click();
    await page.waitForURL(/\/browse\?categoryId=telescopes$/);
    await poll(() => titles(page).then((x) => x.sort())).toEqual(['Brass telescope', 'Brass telescope stand']);
    expect(await page.getByRole('navigation', { name: 'Category path' }).textContent()).toBe('All categories › Optics › Telescopes');
    await ctx.close();
  });
});

describe('the search page on a phone', () => {
  it('when filters are active at 390 px, then they show as chips, removing one drops it, and the filter sheet opens and closes with Escape', async () => {
    const { t, browser } = suite;
    const ctx = await contextAs(browser, t.url, null, { width: 390, height: 844 });
    const page = await ctx.newPage();
    await page.goto('/browse?q=brass&condition=new&hasBuyNow=true');
    await poll(() => titles(page).then((x) => x.sort())).toEqual(['Brass coin', 'Brass telescope']);
    const chips = page.getByTestId('filter-chips');
    expect(await chips.getByRole('button').allTextContents()).toEqual(['“brass” ×', 'New ×', 'Buy now available ×', 'Clear all']);
    // The sidebar is not beside the results at this width.
    expect(await page.locator('#filters').isVisible()).toBe(false);

    await chips.getByRole('button', { name: 'Remove filter: New' }).click();
    await page.waitForURL((u) => !u.searchParams.has('condition') && u.searchParams.get('hasBuyNow') === 'true');
    await poll(() => titles(page).then((x) => x.sort())).toEqual(['Brass coin', 'Brass telescope', 'Brass telescope stand']);

    const open = page.getByRole('button', { name: 'Filters (1)' });
    await open.click();
    const sheet = page.getByRole('dialog', { name: 'Filters' });
    await sheet.waitFor();
    expect(await sheet.getByLabel('Buy now available').isChecked()).toBe(true);
    // The sheet is modal: the page behind cannot be reached.
    expect(await page.evaluate<boolean>(`document.querySelector('dialog.filter-sheet').matches(':modal')`)).toBe(true);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Filters (1)');
    await ctx.close();
  });
});

describe('header suggestions', () => {
  it('when a visitor types in the header search, then suggestions appear, the arrow keys choose one and Enter searches for it', async () => {
    const { t, browser } = suite;
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search auctions' });
    await box.pressSequentially('tele');
    const list = page.getByRole('listbox', { name: 'Suggestions' });
    await poll(() => list.getByRole('option').allTextContents().then((x) => x.sort())).toEqual(['Brass telescope', 'Brass telescope stand']);
    expect(await box.getAttribute('aria-expanded')).toBe('true');

    // Escape closes the list and keeps the words; typing again opens it.
    await box.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    // The list for the new text replaces the old one once it is answered: wait for that answer before choosing.
    const answered = page.waitForResponse((r) => r.url().includes('/search/suggest?q=teles'));
    await box.press('s');
    await answered;
    await poll(() => list.getByRole('option').allTextContents().then((x) => x.sort())).toEqual(['Brass telescope', 'Brass telescope stand']);

    await box.press('ArrowDown');
    const chosen = (await list.getByRole('option', { selected: true }).textContent()) ?? '';
    expect(chosen).toMatch(/^Brass telescope/);
    expect(await box.getAttribute('aria-activedescendant')).toBe(await list.getByRole('option', { selected: true }).getAttribute('id'));
    await box.press('Enter');
    await page.waitForURL((u) => u.pathname === '/browse' && u.searchParams.get('q') === chosen);
    await poll(() => titles(page)).toContain(chosen);
    expect(await box.inputValue()).toBe(chosen);
    await ctx.close();
  });
});

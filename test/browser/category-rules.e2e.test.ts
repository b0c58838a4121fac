import { describe, expect, it } from 'vitest';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The sell form shows a category's rules and refuses a listing that breaks one, at the field.

const suite = browserSuite();

describe('category rules in the sell form', () => {
  it('when a seller lists below the category minimum, then the form names the rule at the starting price', async () => {
    const { t, browser } = suite;
    const admin = await t.app.services.identity.ensureAdmin('root@rules.test', 'admin password 123');
    if (!admin.ok) throw new Error('no admin');
    await t.app.services.catalog.create(admin.value.id, {
      name: 'Pocket watches',
      slug: 'pocket-watches',
      rules: { minStartingPrice: { EUR: 5_000 }, reserveAllowed: false },
    });
    const seller = await registerUser(t.app, 'ruler');
    const ctx = await contextAs(browser, t.url, seller.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/sell');
    await page.getByLabel('Title').fill('Silver pocket watch');
    await page.getByLabel('Category').selectOption('pocket-watches');
    await page.getByLabel('Starting price').fill('10');
    const rules = page.getByRole('region', { name: 'Rules of this category' });
    await expect.poll(() => rules.locator('li').allTextContents()).toEqual(['Starting price at least €50.00', 'No reserve price']);
    await page.getByRole('button', { name: 'Publish auction' }).click();
    const message = page.locator('#startingPrice-error');
    await expect.poll(() => message.textContent()).toBe('In this category the starting price must be at least €50.00.');
    expect(await page.getByLabel('Starting price').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/sell$/);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

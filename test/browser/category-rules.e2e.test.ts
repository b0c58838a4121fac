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

  // Builds on the category the test above created.
  it('when an admin creates a subcategory with a rule in the Categories panel, then the tree shows it and its rules are in force', async () => {
    const { t, browser } = suite;
    await t.app.services.identity.ensureAdmin('root@panel.test', 'admin password 123');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@panel.test', password: 'admin password 123' } });
    const ctx = await contextAs(browser, t.url, login.json().token);
    const page = await ctx.newPage();
    await page.goto('/admin');
    const panel = page.locator('section[aria-labelledby="admin-categories"]');
    await expect.poll(() => panel.locator('li').allTextContents()).toContainEqual(expect.stringContaining('Pocket watches'));
    await panel.getByRole('button', { name: 'New category' }).click();
    await panel.getByLabel('Name').fill('Railroad watches');
    await panel.getByLabel(/^Slug/).fill('railroad-watches');
    await panel.getByLabel('Parent').selectOption('pocket-watches');
    await panel.getByLabel('Maximum images').fill('2');
    await panel.getByLabel(/^Suggested specifications/).fill('Railroad grade, Jewels');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.locator('li').allTextContents()).toContainEqual(expect.stringContaining('— Railroad watches'));
    const detail = (await t.app.inject({ method: 'GET', url: '/api/v1/categories/railroad-watches' })).json();
    expect(detail.effective.rules).toMatchObject({
      maxImages: 2,
      minStartingPrice: { EUR: 5_000 },
      reserveAllowed: false,
      suggestedSpecifications: ['Railroad grade', 'Jewels'],
    });
    await ctx.close();
  });

  // Builds on the categories the tests above created.
  it('when the rules tighten after the form read them, then the server refusal is shown at the field it names', async () => {
    const { t, browser } = suite;
    const admin = await t.app.services.identity.ensureAdmin('root@rules.test', 'admin password 123');
    if (!admin.ok) throw new Error('no admin');
    const seller = await registerUser(t.app, 'stale');
    const ctx = await contextAs(browser, t.url, seller.token);
    const page = await ctx.newPage();
    await page.goto('/sell');
    await page.getByLabel('Title').fill('Hamilton 992B');
    await page.getByLabel('Category').selectOption('railroad-watches');
    await page.getByLabel('Starting price').fill('60');
    const rules = page.getByRole('region', { name: 'Rules of this category' });
    await expect.poll(() => rules.locator('li').allTextContents()).toContain('Starting price at least €50.00');
    expect(await page.locator('#startingPrice-error').count()).toBe(0);
    // The form still holds the old minimum; the server judges by the new one.
    await t.app.services.catalog.update(admin.value.id, 'railroad-watches', { rules: { maxImages: 2, minStartingPrice: { EUR: 8_000 } } });
    await page.getByRole('button', { name: 'Publish auction' }).click();
    const message = page.locator('#startingPrice-error');
    await expect.poll(() => message.textContent()).toBe('In this category the starting price must be at least €80.00.');
    expect(page.url()).toMatch(/\/sell$/);
    // Changing the price hands the field back to the live check (which knows only the old rules).
    await page.getByLabel('Starting price').fill('90');
    await expect.poll(() => message.count()).toBe(0);
    await ctx.close();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// What a visitor and a seller meet first: the browse filters, the sell form's errors, an anonymous visit's console.

const suite = browserSuite();

/** Console errors, uncaught page errors and answers of 400 and above, as the page met them. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  // A navigation cancels the previous page's requests (net::ERR_ABORTED): that is no failure.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed ${r.url()}`);
  });
  return problems;
}

/** Whether the element says it is invalid, and the text of what its aria-describedby names. */
async function fieldError(page: Page, selector: string): Promise<{ invalid: string | null; message: string }> {
  // Runs in the page; written as a string so this file needs no DOM types.
  return page.evaluate<{ invalid: string | null; message: string }>(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return { invalid: null, message: '' };
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\\s+/).filter(Boolean);
    const message = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    return { invalid: el.getAttribute('aria-invalid'), message };
  })()`);
}

describe('an anonymous visit', () => {
  it('when a visitor opens the home, browse, an auction and sign-in pages, then the console shows no error and no request fails', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'anonseller');
    const a = await createAuction(t.app, seller.token, { title: 'Brass telescope' });
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    for (const url of ['/', '/browse', `/auctions/${a.id}`, '/signin']) {
      await page.goto(url);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    expect(problems).toEqual([]);
    await ctx.close();
  });
});

describe('browse filters', () => {
  it('when the search page is shown at 1280 px, then every dropdown (sidebar and sort) is wide enough for its text', async () => {
    const { t, browser } = suite;
    const ctx = await contextAs(browser, t.url, null, { width: 1280, height: 800 });
    const page = await ctx.newPage();
    await page.goto('/browse');
    await page.locator('#f-sort').waitFor();
    const cut = await page.evaluate<string[]>(`(() => {
      const canvas = document.createElement('canvas').getContext('2d');
      const out = [];
      for (const s of document.querySelectorAll('main select')) {
        const cs = getComputedStyle(s);
        canvas.font = cs.font;
        const pad = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
        for (const o of s.options) {
          // The text of each option must fit beside the padding (the arrow lives in the right padding).
          const need = Math.ceil(canvas.measureText(o.text).width + pad);
          if (need > s.clientWidth) out.push(s.id + ': "' + o.text + '" needs ' + need + ' px, has ' + s.clientWidth);
        }
        if (s.scrollWidth > s.clientWidth) out.push(s.id + ': scrollWidth ' + s.scrollWidth + ' > clientWidth ' + s.clientWidth);
      }
      return out;
    })()`);
    expect(cut).toEqual([]);
    await ctx.close();
  });

  it('when the price filter holds words, a negative number or no currency, then the field says what is wrong and nothing is searched', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'priceseller');
    await createAuction(t.app, seller.token, { title: 'Silver dollar coin', currency: 'USD', startingPrice: 100_000 });
    await createAuction(t.app, seller.token, { title: 'Bronze medal', currency: 'EUR', startingPrice: 80_000 });
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    await page.goto('/browse');
    await page.getByLabel('Min price').fill('abc');
    await page.getByLabel('Min price').press('Enter');
    await expect.poll(() => fieldError(page, '#f-min')).toEqual({ invalid: 'true', message: expect.stringMatching(/amount/i) });

    await page.getByLabel('Min price').fill('-5');
    await page.getByLabel('Currency').selectOption('EUR');
    await expect.poll(() => fieldError(page, '#f-min')).toEqual({ invalid: 'true', message: expect.stringMatching(/amount/i) });

    await page.getByLabel('Currency').selectOption('');
    await page.getByLabel('Min price').fill('500');
    await page.getByLabel('Max price').fill('1000');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => fieldError(page, '#f-currency')).toEqual({ invalid: 'true', message: expect.stringMatching(/currency/i) });

    await page.getByLabel('Currency').selectOption('EUR');
    await page.waitForURL(/currency=EUR/);
    // 500–1,000 in euros: the euro medal, never the $1,000 coin.
    const grid = page.getByRole('list', { name: 'Auctions' });
    await expect.poll(() => grid.textContent()).toContain('Bronze medal');
    expect(await grid.textContent()).not.toContain('Silver dollar coin');
    expect((await fieldError(page, '#f-min')).invalid).not.toBe('true');
    await ctx.close();
  });
});

describe('the sell form', () => {
  it('when a title is only spaces or too long, then the error is at the field, linked from a summary, and cleared on a good retry', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'formseller');
    const ctx = await contextAs(browser, t.url, seller.token);
    const page = await ctx.newPage();
    await page.goto('/sell');
    // A file the server refuses leaves an upload error…
    await page.getByLabel('Upload images').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
    await expect.poll(() => page.getByTestId('upload-errors').textContent()).toContain('notes.png');

    await page.getByLabel('Title', { exact: true }).fill('   ');
    await page.getByLabel('Starting price').fill('10');
    await page.getByRole('button', { name: 'Publish auction' }).click();
    // …which a new attempt clears; the title's own error is at the title.
    await expect.poll(() => fieldError(page, '#title')).toEqual({ invalid: 'true', message: expect.stringMatching(/title/i) });
    expect(await page.getByTestId('upload-errors').count()).toBe(0);
    const summary = page.getByRole('alert').filter({ has: page.locator('a[href="#title"]') });
    expect(await summary.count()).toBe(1);
    await summary.locator('a[href="#title"]').click();
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('title');

    // 300 characters are not cut: the counter says how many, the form refuses it at the field.
    await page.getByLabel('Title', { exact: true }).fill('x'.repeat(300));
    expect(await page.getByTestId('title-counter').textContent()).toMatch(/300.*200/);
    await page.getByRole('button', { name: 'Publish auction' }).click();
    await expect.poll(() => fieldError(page, '#title')).toEqual({ invalid: 'true', message: expect.stringMatching(/200/) });
    expect(await page.inputValue('#title')).toHaveLength(300);

    // A bad price is reported at the price, and the title's old error is gone once the title is fine.
    await page.getByLabel('Title', { exact: true }).fill('Brass compass');
    await page.getByLabel('Starting price').fill('ten');
    await page.getByRole('button', { name: 'Publish auction' }).click();
    await expect.poll(() => fieldError(page, '#startingPrice')).toEqual({ invalid: 'true', message: expect.stringMatching(/price/i) });
    expect((await fieldError(page, '#title')).invalid).not.toBe('true');

    await page.getByLabel('Starting price').fill('10');
    await page.getByRole('button', { name: 'Publish auction' }).click();
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    await ctx.close();
  });

  it('when the soft-close extension is shorter than its window, then the form explains the rule and refuses it at the field', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'softseller');
    const ctx = await contextAs(browser, t.url, seller.token);
    const page = await ctx.newPage();
    await page.goto('/sell');
    await page.getByLabel('Title', { exact: true }).fill('Late-bid lot');
    await page.getByLabel('Starting price').fill('10');
    await page.locator('#windowMinutes').fill('5');
    await page.locator('#extensionMinutes').fill('1');
    const hint = (await page.locator('#softclose-hint').textContent()) ?? '';
    expect(hint).toMatch(/after that bid/);
    await page.getByRole('button', { name: 'Publish auction' }).click();
    await expect.poll(() => fieldError(page, '#extensionMinutes')).toEqual({ invalid: 'true', message: expect.stringMatching(/at least/i) });
    expect(page.url()).toMatch(/\/sell$/);
    await ctx.close();
  });
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The sell form end to end: photos uploaded, reordered and described; a category's
// required and suggested specifications and its rules checked as the seller types;
// a start scheduled in the seller's own zone.

const suite = browserSuite();

const photo = (background: string) => sharp({ create: { width: 64, height: 48, channels: 3, background } }).jpeg().toBuffer();
const uploadIdOf = (url: string | null) => /\/uploads\/([0-9a-f-]{36})/.exec(url ?? '')?.[1] ?? null;

describe('the sell form', () => {
  it('when a seller uploads, reorders and describes photos, fixes a live rule message and schedules in New York time, then the auction has them all', async () => {
    const { t, browser } = suite;
    const admin = await t.app.services.identity.ensureAdmin('root@sellform.test', 'admin password 123');
    if (!admin.ok) throw new Error('no admin');
    await t.app.services.catalog.create(admin.value.id, { name: 'Watches', slug: 'watches', rules: { suggestedSpecifications: ['Case material', 'Year'] } });
    await t.app.services.catalog.create(admin.value.id, {
      name: 'Diving watches',
      slug: 'diving-watches',
      parentId: 'watches',
      rules: { minStartingPrice: { EUR: 2_000 }, maxImages: 4, requiredSpecifications: ['Brand', 'Movement'] },
    });
    const seller = await registerUser(t.app, 'zoned');
    const zone = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(seller.token), payload: { timeZone: 'America/New_York' } });
    expect(zone.statusCode).toBe(200);
    const ctx = await contextAs(browser, t.url, seller.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/sell');

    await page.getByLabel('Title').fill('Omega Seamaster 300');
    await page.getByLabel('Category').selectOption('diving-watches');
    // The required names are rows already, marked; the inherited suggestions are one click away.
    await expect.poll(() => page.getByLabel('Specification 1 name').inputValue()).toBe('Brand');
    expect(await page.getByLabel('Specification 2 name').inputValue()).toBe('Movement');
    expect(await page.getByLabel('Specification 1 name').getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Add the specification Case material' }).click();
    expect(await page.getByLabel('Specification 3 name').inputValue()).toBe('Case material');
    expect(await page.getByRole('button', { name: 'Add the specification Case material' }).count()).toBe(0);
    await page.getByLabel('Specification 3 value').fill('Steel');
    await page.getByLabel('Specification 1 value').fill('Omega');

    // Three photos, each uploaded with its own progress bar, then shown as thumbnails.
    const files = await Promise.all(['#a33', '#3a3', '#33a'].map(async (c, i) => ({ name: `photo-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: await photo(c) })));
    await page.getByLabel('Upload images').setInputFiles(files);
    // Three uploads on a busy machine can outlast the default poll.
    await expect.poll(() => page.getByTestId('upload-status').textContent(), { timeout: 15_000 }).toBe('Uploaded 3 images.');
    const cards = page.getByTestId('sell-image');
    const order = async () => (await cards.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')))).map(uploadIdOf);
    const uploaded = await order();
    expect(uploaded).toHaveLength(3);
    expect(uploaded.every((id) => id !== null)).toBe(true);
    const [p1, p2, p3] = uploaded;

    // Reordered by the keyboard-reachable buttons (announced), then by dragging.
    await page.getByRole('button', { name: 'Move photo 3 left' }).click();
    await expect.poll(order).toEqual([p1, p3, p2]);
    expect(await page.getByTestId('upload-status').textContent()).toBe('Photo moved to position 2 of 3.');
    await cards.nth(0).dragTo(cards.nth(2));
    await expect.poll(order).toEqual([p3, p2, p1]);
    // Alt text starts from the title and can be changed.
    expect(await page.getByLabel('Alt text for photo 2').inputValue()).toBe('Omega Seamaster 300, photo 2');
    await page.getByLabel('Alt text for photo 1').fill('Blue dial, front');

    // Below the category's minimum: said at the field as it is typed, before any submit.
    await page.getByLabel('Starting price').fill('10');
    const startError = page.locator('#startingPrice-error');
    await expect.poll(() => startError.textContent()).toBe('In this category the starting price must be at least €20.00.');
    expect(await page.getByLabel('Starting price').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#specifications-error').textContent()).toBe('This category requires these specifications: Movement.');
    await page.getByLabel('Starting price').fill('25');
    await page.getByLabel('Specification 2 value').fill('Automatic');
    await expect.poll(() => startError.count()).toBe(0);
    expect(await page.locator('#specifications-error').count()).toBe(0);

    // 09:30 on 15 January in New York (EST, UTC-5), named beside the field; the end is previewed in the same zone.
    await page.getByLabel('Start later').check();
    expect(await page.getByTestId('start-zone').textContent()).toContain('America/New_York');
    await page.getByLabel('Starts at').fill('2027-01-15T09:30');
    await expect.poll(() => page.getByTestId('ends-preview').textContent()).toBe('Ends on Jan 16, 2027, 9:30 AM EST');

    await page.getByRole('button', { name: 'Publish auction' }).click();
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop();
    const a = (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${id}` })).json();
    expect(a.images.map((i: { url: string }) => uploadIdOf(i.url))).toEqual([p3, p2, p1]);
    expect(a.images.map((i: { alt: string }) => i.alt)).toEqual(['Blue dial, front', 'Omega Seamaster 300, photo 2', 'Omega Seamaster 300, photo 3']);
    expect(a.specifications).toEqual([
      { name: 'Brand', value: 'Omega' },
      { name: 'Movement', value: 'Automatic' },
      { name: 'Case material', value: 'Steel' },
    ]);
    expect(a.startsAt).toBe('2027-01-15T14:30:00.000Z');
    expect(a.endsAt).toBe('2027-01-16T14:30:00.000Z');
    expect(a.startingPrice).toBe(2_500);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

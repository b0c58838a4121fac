import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { uploadPhoto } from '../factories/photos.js';
import { bearer, registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The auction page's photo gallery (thumbnails, keys, the zoomable lightbox, swipes on a
// phone) and its times, shown in the reader's zone with the zone named.

const suite = browserSuite();

/** A listing with three uploaded photos; answers its id and the uploads' ids in order. */
async function listingWithPhotos(title: string): Promise<{ id: string; photos: string[]; seller: { token: string } }> {
  const { t } = suite;
  const seller = await registerUser(t.app, 'photographer');
  const photos = [
    await uploadPhoto(t.app, seller.token, 'camera', title, 'front'),
    await uploadPhoto(t.app, seller.token, 'camera', title, 'side'),
    await uploadPhoto(t.app, seller.token, 'camera', title, 'top'),
  ];
  const alts = ['Front of the camera', 'Left side', 'Top plate'];
  const a = await createAuction(t.app, seller.token, { title, images: photos.map((uploadId, i) => ({ uploadId, alt: alts[i] })) });
  return { id: a.id, photos, seller };
}

const mainSrc = (page: Page) => page.locator('[data-testid="gallery-main"] img').getAttribute('src');
const counter = (page: Page) => page.getByTestId('gallery-counter').textContent();
/** The lightbox photo's computed CSS transform (the test's TypeScript has no DOM types: the page evaluates text). */
const transform = (page: Page) => page.evaluate(`getComputedStyle(document.querySelector('[data-testid="lightbox-photo"]')).transform`) as Promise<string>;
/** The lightbox photo's scale, read from its computed transform matrix. */
const scale = async (page: Page) => {
  const m = await transform(page);
  return m === 'none' ? 1 : Number(/matrix\(([^,]+)/.exec(m)?.[1] ?? 'NaN');
};
const focusedTestId = (page: Page) => page.evaluate(`document.activeElement?.getAttribute('data-testid') ?? null`) as Promise<string | null>;
const focusInDialog = (page: Page) => page.evaluate(`Boolean(document.activeElement?.closest('dialog[open]'))`) as Promise<boolean>;

/** A one-finger sideways drag through Chromium's touch input (it raises touch and pointer events as a finger would). */
async function swipe(page: Page, from: { x: number; y: number }, dx: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let i = 1; i <= 8; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + (dx * i) / 8, y: from.y }] });
  }
  // The finger rests before it lifts, so no fling follows (Chromium swallows the tap that stops a fling).
  await new Promise((r) => setTimeout(r, 150));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + dx, y: from.y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

describe('the photo gallery in the browser', () => {
  it('when a bidder steps through the photos and opens the lightbox, then it shows the zoom variant, zooms, and Escape returns focus', async () => {
    const { t, browser } = suite;
    const { id, photos } = await listingWithPhotos('Rolleiflex 2.8F');
    const viewer = await registerUser(t.app, 'looker');
    const ctx = await contextAs(browser, t.url, viewer.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/auctions/${id}`);

    await expect.poll(() => mainSrc(page)).toBe(`/uploads/${photos[0]}/listing`);
    expect(await counter(page)).toBe('1 / 3');
    // Every photo has its alt text, the thumbnails too.
    const alts = await page.getByTestId('gallery').locator('img').evaluateAll((els) => els.map((e) => e.getAttribute('alt')));
    expect(alts).toEqual(['Front of the camera', 'Front of the camera', 'Left side', 'Top plate']);

    await page.getByRole('button', { name: 'Photo 2 of 3: Left side', exact: true }).click();
    await expect.poll(() => mainSrc(page)).toBe(`/uploads/${photos[1]}/listing`);
    expect(await counter(page)).toBe('2 / 3');
    await page.getByRole('button', { name: 'Next photo' }).click();
    expect(await counter(page)).toBe('3 / 3');

    // Arrow keys step (and wrap around).
    await page.getByTestId('gallery-main').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => counter(page)).toBe('1 / 3');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => mainSrc(page)).toBe(`/uploads/${photos[2]}/listing`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => counter(page)).toBe('2 / 3');

    // Enter opens the lightbox on the same photo, in its zoom variant.
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const big = page.getByTestId('lightbox-photo').locator('img');
    expect(await big.getAttribute('src')).toBe(`/uploads/${photos[1]}/zoom`);
    expect(await big.getAttribute('srcset')).toBeNull();
    expect(await big.getAttribute('alt')).toBe('Left side');
    await expect
      .poll(() =>
        big.evaluate((el) => {
          const i = el as unknown as { complete: boolean; naturalWidth: number };
          return i.complete ? i.naturalWidth : 0;
        }),
      )
      .toBe(1600);
    expect(await page.getByTestId('lightbox-counter').textContent()).toBe('2 / 3');
    // Focus stays inside the dialog however often Tab is pressed.
    expect(await focusInDialog(page)).toBe(true);
    for (let i = 0; i < 7; i++) await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    expect(await focusInDialog(page)).toBe(true);

    // A double click zooms in at the pointer; dragging then moves the photo.
    const box = (await page.getByTestId('lightbox-viewport').boundingBox())!;
    expect(await scale(page)).toBe(1);
    await page.mouse.dblclick(box.x + box.width * 0.25, box.y + box.height * 0.25);
    await expect.poll(() => scale(page)).toBeGreaterThan(1);
    const before = await transform(page);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => transform(page)).not.toBe(before);
    expect(await scale(page)).toBeGreaterThan(1);

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await focusedTestId(page)).toBe('gallery-main');

    // Opened again, the photo fits (zoom is reset on close); the wheel zooms it too.
    await page.getByTestId('gallery-main').click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    expect(await scale(page)).toBe(1);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -240);
    await expect.poll(() => scale(page)).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await focusedTestId(page)).toBe('gallery-main');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when a visitor on a touch phone swipes the photo sideways, then the next photo shows; in the lightbox a swipe steps, a double tap and a pinch zoom', async () => {
    const { t, browser } = suite;
    const { id, photos } = await listingWithPhotos('Nikon F2');
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      baseURL: t.url,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    ctx.setDefaultTimeout(10_000);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/auctions/${id}`);
    await expect.poll(() => mainSrc(page)).toBe(`/uploads/${photos[0]}/listing`);

    const stage = (await page.getByTestId('gallery-main').boundingBox())!;
    const middle = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };
    // A drag shorter than the swipe threshold (yet too long for a tap) neither steps nor opens the lightbox.
    await swipe(page, middle, -30);
    expect(await counter(page)).toBe('1 / 3');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await swipe(page, middle, -160);
    await expect.poll(() => counter(page)).toBe('2 / 3');
    expect(await mainSrc(page)).toBe(`/uploads/${photos[1]}/listing`);
    // The swipe did not also open the lightbox.
    expect(await page.getByRole('dialog').count()).toBe(0);
    await swipe(page, middle, 160);
    await expect.poll(() => counter(page)).toBe('1 / 3');

    // In the lightbox a swipe steps too.
    await page.getByTestId('gallery-main').tap();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    const view = (await page.getByTestId('lightbox-viewport').boundingBox())!;
    await swipe(page, { x: view.x + view.width / 2, y: view.y + view.height / 2 }, -160);
    await expect.poll(() => page.getByTestId('lightbox-counter').textContent()).toBe('2 / 3');
    expect(await page.getByTestId('lightbox-photo').locator('img').getAttribute('src')).toBe(`/uploads/${photos[1]}/zoom`);
    // A double tap zooms in.
    const at = { x: view.x + view.width / 3, y: view.y + view.height / 3 };
    await page.touchscreen.tap(at.x, at.y);
    await page.touchscreen.tap(at.x, at.y);
    await expect.poll(() => scale(page)).toBeGreaterThan(1);
    // Another double tap fits it again; two fingers spreading apart zoom in.
    await page.touchscreen.tap(at.x, at.y);
    await page.touchscreen.tap(at.x, at.y);
    await expect.poll(() => scale(page)).toBe(1);
    const mid = { x: view.x + view.width / 2, y: view.y + view.height / 2 };
    const cdp = await ctx.newCDPSession(page);
    const fingers = (d: number) => [
      { x: mid.x - d, y: mid.y, id: 1 },
      { x: mid.x + d, y: mid.y, id: 2 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(30) });
    for (let d = 40; d <= 120; d += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(d) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await expect.poll(() => scale(page)).toBeGreaterThan(1.5);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('times on the auction page', () => {
  /** Spaces as ICU writes them (a narrow no-break space before AM/PM) made plain. */
  const plain = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

  it('when a user prefers another zone than the browser, then end, listing, bid and addition times follow the preference and name the zone', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'zoneseller');
    const reader = await registerUser(t.app, 'zonereader');
    const zone = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(reader.token), payload: { timeZone: 'Asia/Tokyo' } });
    expect(zone.statusCode).toBe(200);
    // 15:30 UTC two days from now: 00:30 the day after in Tokyo, 10:30 (or 11:30 in summer) in New York.
    const day = new Date(Date.now() + 2 * 86_400_000);
    const endsAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 15, 30)).toISOString();
    const a = await createAuction(t.app, seller.token, { title: 'Seiko 6139', endsAt });
    expect((await bid(t.app, reader.token, a.id, 1000)).statusCode).toBe(201);
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/auctions/${a.id}/addenda`,
      headers: bearer(seller.token),
      payload: { description: 'Serviced in 2025.', images: [{ uploadId: await uploadPhoto(t.app, seller.token, 'strap', 'zone'), alt: 'The strap' }] },
    });
    expect(added.statusCode).toBe(201);

    // The browser says UTC; the profile says Tokyo, and the profile wins.
    const ctx = await contextAs(browser, t.url, reader.token);
    const page = await ctx.newPage();
    await page.goto(`/auctions/${a.id}`);
    await expect.poll(async () => plain(await page.getByTestId('ends-at').textContent())).toMatch(/^\w{3} \d{1,2}, \d{4}, 12:30 AM GMT\+9$/);
    expect(await page.getByTestId('ends-at').getAttribute('datetime')).toBe(endsAt);
    await expect.poll(async () => plain(await page.locator('.summary > p.muted').textContent())).toMatch(/Listed .+ GMT\+9$/);
    await expect.poll(async () => plain(await page.locator('[data-testid="bid-history"] time').first().getAttribute('title'))).toMatch(/ GMT\+9$/);
    const revisions = page.locator('section.revisions');
    expect(plain(await revisions.textContent())).toMatch(/Seller added on .+ GMT\+9/);
    // The added photo is shown as a thumbnail linking to its largest size.
    const photoLink = revisions.getByRole('link', { name: 'The strap' });
    expect(await photoLink.getAttribute('href')).toMatch(/^\/uploads\/[0-9a-f-]{36}\/zoom$/);
    await ctx.close();

    // A visitor has no profile: the browser's zone is used, named.
    const visitor = await browser.newContext({ baseURL: t.url, locale: 'en-US', timezoneId: 'America/New_York' });
    const vp = await visitor.newPage();
    await vp.goto(`/auctions/${a.id}`);
    await expect.poll(async () => plain(await vp.getByTestId('ends-at').textContent())).toMatch(/^\w{3} \d{1,2}, \d{4}, (10:30 AM EST|11:30 AM EDT)$/);
    await visitor.close();
  });

  it('when an auction has not started yet, then its start time is shown in the reader\'s zone', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'scheduler');
    // 08:00 UTC three days from now is 09:00 in Berlin in winter, 10:00 in summer.
    const day = new Date(Date.now() + 3 * 86_400_000);
    const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8, 0);
    const startsAt = new Date(start).toISOString();
    const a = await createAuction(t.app, seller.token, { title: 'Later lot', startsAt, endsAt: new Date(start + 86_400_000).toISOString() });
    const ctx = await browser.newContext({ baseURL: t.url, locale: 'en-US', timezoneId: 'Europe/Berlin' });
    const page = await ctx.newPage();
    await page.goto(`/auctions/${a.id}`);
    await expect.poll(async () => plain(await page.getByTestId('starts-at').textContent())).toMatch(/^\w{3} \d{1,2}, \d{4}, (9:00 AM GMT\+1|10:00 AM GMT\+2)$/);
    await ctx.close();
  });
});

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { bearer, registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The account pages in a real browser: profile (time zone, language, picture),
// notification settings, password change, and a seller's public profile from a listing.

const suite = browserSuite();
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function me(token: string) {
  const res = await suite.t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
  return res.json() as { displayName: string; timeZone: string | null; language: string | null; avatarUrl: string | null };
}

describe('account pages in the browser', () => {
  it('when a user saves name, picture and time zone, then times show that zone; switching to German shows German', async () => {
    const { t, browser } = suite;
    const u = await registerUser(t.app, 'zoner');
    const ctx = await contextAs(browser, t.url, u.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/account');
    await page.getByRole('link', { name: /Profile/ }).first().click();
    await page.waitForURL(/\/account\/profile$/);
    // The picker starts at the browser's zone.
    expect(await page.getByLabel('Time zone').inputValue()).toBe('');
    expect(await page.getByTestId('time-example').textContent()).toContain('UTC');
    await page.getByLabel('Display name').fill('Zoe Zoner');
    await page.setInputFiles('#avatar', { name: 'me.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await page.getByTestId('avatar-preview').waitFor();
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await expect.poll(() => page.getByTestId('time-example').textContent()).toMatch(/ (EST|EDT)$/);
    const saved = await me(u.token);
    expect(saved).toMatchObject({ displayName: 'Zoe Zoner', timeZone: 'America/New_York', language: null });
    expect(saved.avatarUrl).toMatch(/^\/uploads\/[0-9a-f-]{36}$/);

    // The zone is the profile's: a fresh visit shows it again.
    await page.reload();
    await expect.poll(() => page.getByTestId('time-example').textContent()).toMatch(/ (EST|EDT)$/);

    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { name: 'Profil', exact: true }).waitFor();
    expect(await page.getByLabel('Zeitzone').inputValue()).toBe('America/New_York');
    expect((await me(u.token)).language).toBe('de');
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Konto' }).waitFor();
    // German addresses the reader formally, as "Sie", on every page.
    const overview = await page.locator('main').textContent();
    expect(overview).toContain('Benachrichtigungen einstellen');
    expect(overview).toContain('Ihr öffentliches Profil');
    expect(overview).toContain('Welche Hinweise Sie in der App und per E-Mail erreichen');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      const dir = path.resolve(import.meta.dirname, '../../docs/screenshots');
      mkdirSync(dir, { recursive: true });
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.join(dir, 'german.png') });
    }
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when a notification setting is toggled, then it is saved and still so after a reload', async () => {
    const { t, browser } = suite;
    const u = await registerUser(t.app, 'prefs');
    const ctx = await contextAs(browser, t.url, u.token);
    const page = await ctx.newPage();
    await page.goto('/account/notifications');
    const box = page.getByLabel('Outbid: By email');
    await box.waitFor();
    const before = await box.isChecked();
    await box.click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const prefs = (await t.app.inject({ method: 'GET', url: '/api/v1/me/notification-preferences', headers: bearer(u.token) })).json() as {
      preferences: { kind: string; email: boolean }[];
    };
    expect(prefs.preferences.find((p) => p.kind === 'outbid')?.email).toBe(!before);
    await page.reload();
    await page.getByLabel('Outbid: By email').waitFor();
    expect(await page.getByLabel('Outbid: By email').isChecked()).toBe(!before);
    // Every kind has a row with both channels, labelled in words.
    expect(await page.getByTestId('notification-preferences').locator('tbody tr').count()).toBe(prefs.preferences.length);
    expect(await page.getByTestId('notification-preferences').locator('input[type=checkbox]').count()).toBe(prefs.preferences.length * 2);
    await ctx.close();
  });

  it('when the password is changed with the current one, then only the new one signs in', async () => {
    const { t, browser } = suite;
    const u = await registerUser(t.app, 'secure');
    const ctx = await contextAs(browser, t.url, u.token);
    const page = await ctx.newPage();
    await page.goto('/account/security');
    await page.getByLabel('Current password', { exact: true }).last().fill('not the password');
    await page.getByLabel('New password', { exact: true }).fill('a much better passphrase');
    await page.getByLabel('New password again').fill('a much better passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The current password is not correct.' }).waitFor();
    await page.locator('#current-password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password } }).then((r) => r.statusCode);
    expect(await login('correct horse battery')).toBe(401);
    expect(await login('a much better passphrase')).toBe(200);
    // This session stays signed in.
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    await ctx.close();
  });

  it("when a visitor follows the seller's name on a listing tile, then the public profile shows them and their listings", async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'Vera');
    const lot = await createAuction(t.app, seller.token, { title: 'Brass sextant from Vera' });
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/browse?q=sextant');
    const tile = page.locator('li.card').filter({ hasText: 'Brass sextant from Vera' });
    // The seller line shows inside the tile, not clipped below it.
    const [card, link] = await Promise.all([tile.boundingBox(), tile.getByTestId('seller-link').boundingBox()]);
    expect(link && card && link.y + link.height <= card.y + card.height).toBe(true);
    expect(await tile.getByTestId('seller-link').textContent()).toBe('Vera');
    await tile.getByTestId('seller-link').click();
    await page.waitForURL(new RegExp(`/users/${seller.id}$`));
    await page.getByRole('heading', { name: 'Vera', level: 1 }).waitFor();
    expect(await page.getByTestId('profile-facts').textContent()).toMatch(/^Member since .+ · 0 completed sales$/);
    await page.locator('li.card').filter({ hasText: 'Brass sextant from Vera' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(seller.email);
    expect(lot.seller).toMatchObject({ displayName: 'Vera' });
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

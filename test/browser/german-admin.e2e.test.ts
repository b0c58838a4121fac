import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { orderIn, userWithCard } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The app in German, chosen in the footer: administration, the seller statement, the
// card form and an API refusal read in German, with amounts written the German way.

const suite = browserSuite();

/** Text with no-break spaces as plain spaces ("1.234,50\u00a0€" -> "1.234,50 €"). */
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\u00a0/g, ' ');

async function toGerman(page: Page): Promise<void> {
  await page.locator('label.language-picker select').selectOption('de');
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de');
}

describe('the app in German', () => {
  it('when a person picks Deutsch, then the admin page, the statement, the card form and a failed sign-in read in German with German amounts', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'verkaeufer');
    const buyer = await userWithCard(t.app, 'kaeufer');
    const order = await orderIn(t.app, 'shipped', seller, buyer, 123_450);
    const received = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/confirm-receipt`, headers: bearer(buyer.token) });
    expect(received.statusCode).toBe(200);

    await t.app.services.identity.ensureAdmin('root@deutsch.test', 'admin password 123');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@deutsch.test', password: 'admin password 123' } });
    const ac = await contextAs(browser, t.url, (login.json() as { token: string }).token);
    const ap = await ac.newPage();
    const errors: string[] = [];
    ap.on('pageerror', (e) => errors.push(e.message));
    await ap.goto('/admin');
    await expect.poll(() => ap.getByTestId('ledger-balanced').textContent()).toContain('The books balance');
    await toGerman(ap);
    await expect.poll(() => text(ap, 'h1')).toBe('Verwaltung');
    await expect.poll(() => ap.getByTestId('ledger-balanced').textContent()).toContain('Die Bücher sind ausgeglichen');
    await expect.poll(() => text(ap, 'section[aria-labelledby="admin-recent"]')).toContain('1.234,50 €');
    // Revenue buckets are dates in words, never "2026-12-07".
    await expect.poll(() => text(ap, '[data-testid="revenue"]')).toMatch(/Summe EUR/);
    expect(await text(ap, '[data-testid="revenue"] tbody')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await ap.getByRole('button', { name: 'Nutzer', exact: true }).click();
    await expect.poll(() => text(ap, '[data-testid="admin-users"]')).toContain('Mitglied seit');

    const sc = await contextAs(browser, t.url, seller.token);
    const sp = await sc.newPage();
    sp.on('pageerror', (e) => errors.push(e.message));
    await sp.goto('/account/statement');
    await toGerman(sp);
    await expect.poll(() => text(sp, 'h1')).toBe('Verkäuferabrechnung');
    await expect.poll(() => text(sp, 'ul.totals')).toContain('Verkäufe 1.234,50 €');
    await expect.poll(() => text(sp, 'table')).toContain('Treuhand freigegeben');
    // The card form checks its fields in German before anything is sent.
    await sp.goto('/account/payment-methods');
    await expect.poll(() => text(sp, 'h1')).toBe('Zahlungsmittel');
    await sp.getByRole('button', { name: 'Karte speichern' }).click();
    await expect.poll(() => sp.getByRole('alert').textContent()).toBe('Geben Sie die Kartennummer ein.');

    // A refusal from the API is told in German too.
    const guest = await contextAs(browser, t.url, null);
    const gp = await guest.newPage();
    gp.on('pageerror', (e) => errors.push(e.message));
    await gp.goto('/signin');
    await toGerman(gp);
    await gp.locator('#email').fill(seller.email);
    await gp.locator('#password').fill('not the password at all');
    await gp.locator('form button[type=submit]').click();
    await expect.poll(() => gp.getByRole('alert').textContent()).toBe('Zu dieser E-Mail-Adresse und diesem Passwort gibt es kein Konto.');

    expect(errors).toEqual([]);
    await Promise.all([ac.close(), sc.close(), guest.close()]);
  });
});

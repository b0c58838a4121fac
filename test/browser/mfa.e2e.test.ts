import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/mfa/index.js';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { enrollTotp, steppedUpAdmin } from '../support/mfa.js';
import { browserSuite, contextAs } from './support/browser.js';

// Two-factor in the browser: set it up from the security page (QR, first code, recovery
// codes once), then a bid above the step-up threshold asks for a code in place and goes through.

const suite = browserSuite({ MFA_STEP_UP_ABOVE: '100000', MFA_ADMIN_REQUIRED: 'true' });

describe('two-factor authentication in the browser', () => {
  it('when a user enrolls on the security page and later bids above the threshold, then a code dialog opens in place and the bid goes through', async () => {
    const { t, browser } = suite;
    const u = await registerUser(t.app, 'mfa-browser');
    const ctx = await contextAs(browser, t.url, u.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/account/security');
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from the app').fill(totpCodeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await expect.poll(() => codes.count()).toBe(10);
    const recovery = (await codes.first().textContent()) ?? '';
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toContain('10 recovery codes left');
    // The sessions list shows this device, marked.
    await expect.poll(() => page.getByTestId('session').filter({ hasText: 'This device' }).count()).toBe(1);

    // Later: the step-up from enrolling has run out (moved back in the database; the cache forgets it).
    await t.db.sql`update sessions set stepped_up_at = stepped_up_at - interval '11 minutes' where user_id = ${u.id}`;
    t.app.services.identity.forgetUser(u.id);

    const seller = await registerUser(t.app, 'mfa-seller');
    const auction = await createAuction(t.app, seller.token, { startingPrice: 90_000 });
    await page.goto(`/auctions/${auction.id}`);
    await expect.poll(() => page.getByTestId('minimum-bid').textContent()).toContain('€900.00');
    await page.getByLabel(/Your maximum bid/).fill('1200');
    await page.getByRole('button', { name: 'Place bid' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    // A wrong code is refused in the dialog; a recovery code works.
    await dialog.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await dialog.getByLabel('Recovery code').fill('aaaaa-aaaaa-aaaaa-aaaaa');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('not correct');
    await dialog.getByLabel('Recovery code').fill(recovery);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('viewer-state').textContent()).toContain('You are winning');
    const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where subject_id = ${u.id} and action = 'mfa.step_up'`;
    expect(row!.n).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('when a user with two-factor signs in, then the sign-in page asks for the code after the password and then signs in', async () => {
    const { t, browser } = suite;
    const u = await registerUser(t.app, 'mfa-signin');
    const { secret } = await enrollTotp(t.app, u.token);
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    await page.goto('/signin?next=/account/security');
    await page.getByLabel('Email').fill(u.email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Your account has two-factor authentication').waitFor();
    // Enrolling spent the current time step; the next one is within the accepted drift.
    await page.getByLabel('Code from your app').fill(totpCodeAt(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account\/security$/);
    await expect.poll(() => page.getByTestId('mfa-state').textContent()).toContain('recovery codes left');
    await ctx.close();
  });

  it('when an admin whose step-up ran out opens the admin page, then one code dialog opens and the page loads after the code', async () => {
    const { t, browser } = suite;
    const admin = await steppedUpAdmin(t.app, 'root@mfa-browser.test');
    await t.db.sql`update sessions set stepped_up_at = stepped_up_at - interval '11 minutes' where user_id = ${admin.id}`;
    t.app.services.identity.forgetUser(admin.id);
    const ctx = await contextAs(browser, t.url, admin.token);
    const page = await ctx.newPage();
    await page.goto('/admin');
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(1);
    await dialog.getByLabel('Code from your app').fill(totpCodeAt(admin.secret, Date.now() + 30_000));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Every panel's request was retried after the one code: the ledger check and the users list load.
    await expect.poll(() => page.getByTestId('ledger-balanced').textContent()).toContain('The books balance');
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await expect.poll(() => page.getByTestId('admin-users').textContent()).toContain('root@mfa-browser.test');
    expect(await page.getByRole('alert').count()).toBe(0);
    await ctx.close();
  });
});

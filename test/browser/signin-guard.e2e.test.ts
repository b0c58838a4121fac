import { describe, expect, it } from 'vitest';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs, cspViolations } from './support/browser.js';

// The sign-in page under the login back-off, with the limits on as in production
// (the other browser tests run with them off).

const suite = browserSuite({ RATE_LIMIT_ENABLED: 'true', LOGIN_BACKOFF_FREE_FAILURES: '3', LOGIN_BACKOFF_BASE_SECONDS: '60' });

describe('signing in under the login back-off', () => {
  it('when a password is guessed wrong past the free tries, then the page says how long to wait, and the headers guard the page', async () => {
    const { t, browser } = suite;
    const user = await registerUser(t.app, 'guarded');
    const ctx = await contextAs(browser, t.url, null);
    const page = await ctx.newPage();
    const res = await page.goto(`${t.url}/signin`);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');

    const attempt = async (password: string) => {
      await page.fill('#email', user.email);
      await page.fill('#password', password);
      await page.click('button[type=submit]');
    };
    for (let i = 0; i < 3; i++) {
      await attempt(`wrong guess ${i}`);
      await expect.poll(() => page.locator('[role=alert]').textContent()).not.toMatch(/Try again in/);
      await page.locator('button[type=submit]:not([disabled])').waitFor();
    }
    await attempt('wrong guess 3');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/Too many failed sign-ins\. Try again in \d+ s\./);
    // Even the right password waits: a delay, not a verdict on the password.
    await page.locator('button[type=submit]:not([disabled])').waitFor();
    await attempt('correct horse battery');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/Try again in/);
    expect(page.url()).toContain('/signin');
    expect(cspViolations()).toEqual([]);
    await ctx.close();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// An admin opens the audit log from the admin area, filters it, downloads the CSV of the
// filter, and checks the chain: intact, then broken at the row changed behind its back.

const suite = browserSuite();

const rows = (page: Page) => page.getByTestId('audit-entry').allTextContents();

describe('the audit log viewer', () => {
  it('when an admin filters the log, downloads its CSV and verifies the chain, then each shows what the log holds', async () => {
    const { t, browser } = suite;
    const victim = await registerUser(t.app, 'victim');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: victim.email, password: 'guessing wrong 123' } });
    expect(wrong.statusCode).toBe(401);
    await t.app.services.identity.ensureAdmin('root@audit-web.test', 'admin password 123');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@audit-web.test', password: 'admin password 123' } });
    const ctx = await contextAs(browser, t.url, (login.json() as { token: string }).token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/admin');
    await page.getByRole('button', { name: 'Audit log', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/\/admin\/audit$/);
    await expect.poll(async () => (await rows(page)).join('\n')).toContain('auth.login_failed');
    expect((await rows(page)).join('\n')).toContain('auth.registered');

    await page.locator('#audit-action').fill('auth.login_failed');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect.poll(async () => (await rows(page)).every((r) => r.includes('auth.login_failed'))).toBe(true);
    const filtered = await rows(page);
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toContain(victim.email.toLowerCase());

    // The download link carries the same filter; the file is CSV of those rows.
    const href = (await page.getByTestId('audit-csv').getAttribute('href')) ?? '';
    expect(href).toContain('action=auth.login_failed');
    expect(href).toContain('format=csv');
    const csv = await page.evaluate(async (u) => {
      const r = await fetch(u, { credentials: 'same-origin' });
      return { type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), body: await r.text() };
    }, href);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toContain('attachment');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actorId,action,subjectType,subjectId,ip,data,prevHash,hash');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['auth.login_failed']);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/^The chain is intact: \d+ entries checked\.$/);

    // A row changed behind the triggers (only a superuser can) breaks the chain where it was changed.
    const [first] = await t.db.sql<{ seq: number; data: unknown }[]>`select seq, data from audit_log where action = 'auth.login_failed' limit 1`;
    const rewrite = (data: unknown) =>
      t.db.sql.begin(async (tx) => {
        await tx`alter table audit_log disable trigger audit_log_no_update`;
        await tx`update audit_log set data = ${tx.json(data as never)} where seq = ${first?.seq ?? 0}`;
        await tx`alter table audit_log enable trigger audit_log_no_update`;
      });
    await rewrite({ email: 'someone-else@test.gavel' });
    try {
      await page.getByRole('button', { name: 'Verify chain' }).click();
      await expect
        .poll(() => page.getByTestId('audit-verify-result').textContent())
        .toContain(`The chain is broken at entry ${first?.seq} (the entry was changed).`);
    } finally {
      await rewrite(first?.data);
    }
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

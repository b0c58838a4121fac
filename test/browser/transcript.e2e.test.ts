import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bid, createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { browserSuite, contextAs } from './support/browser.js';

// The transcript viewer verifies in the browser (WebCrypto SHA-256 and Ed25519) and must
// agree with `gavel verify-transcript` on the same server, before and after tampering.

const run = promisify(execFile);
const suite = browserSuite();

/** The CLI's verdict on the server's transcript: exit code and the event its chain check names. */
async function cli(url: string): Promise<{ code: number; out: string }> {
  return run('npx', ['tsx', 'src/cli.ts', 'verify-transcript', url]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );
}

describe('the transcript viewer', () => {
  it('when a closed auction is verified in the browser and by the CLI, then both pass; after an amount is changed in the database, both fail at that event', async () => {
    const { t, browser } = suite;
    const [seller, alice, bob] = await Promise.all([registerUser(t.app, 'tr-seller'), registerUser(t.app, 'tr-alice'), registerUser(t.app, 'tr-bob')]);
    const a = await createAuction(t.app, seller.token, { title: 'Signed lot', endsAt: new Date(Date.now() + 3000).toISOString(), softClose: null });
    expect((await bid(t.app, alice.token, a.id, 2000)).statusCode).toBe(201);
    expect((await bid(t.app, bob.token, a.id, 3000)).statusCode).toBe(201);
    await expect.poll(async () => (await t.app.inject({ method: 'GET', url: `/api/v1/auctions/${a.id}` })).json().status, { timeout: 15_000 }).toBe('closed');

    const ctx = await contextAs(browser, t.url, alice.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/auctions/${a.id}`);
    await page.getByTestId('transcript-link').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bid transcript');
    expect(await page.getByTestId('transcript-event').count()).toBeGreaterThan(3);
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-ok')).toBe('true');
    for (const name of ['terms', 'chain', 'signatures', 'commitments', 'result']) {
      expect(await page.getByTestId(`check-${name}`).getAttribute('data-status'), name).toBe('pass');
    }
    const url = `${t.url}/api/v1/auctions/${a.id}/transcript`;
    const good = await cli(url);
    expect(good.code).toBe(0);
    expect(good.out).toContain('verified');

    const [target] = await t.db.sql<{ seq: string }[]>`
      select seq from auction_events where auction_id = ${a.id} and type = 'bid_placed' order by seq desc limit 1`;
    await t.db.sql`update auction_events set data = jsonb_set(data, '{amount}', '100') where auction_id = ${a.id} and seq = ${target!.seq}`;
    await page.reload();
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-ok')).toBe('false');
    const chain = page.getByTestId('check-chain');
    expect(await chain.getAttribute('data-status')).toBe('fail');
    expect(await chain.textContent()).toContain(`broken at event ${target!.seq}`);
    const bad = await cli(url);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`FAIL chain: Event ${target!.seq} was changed`);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

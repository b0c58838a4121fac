import { describe, expect, it } from 'vitest';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { DOCUMENTS, PERSON } from '../factories/verification.js';
import { browserSuite, contextAs } from './support/browser.js';

// A bid above the identity threshold is refused with a way to verify; the sandbox's hosted
// step verifies the bidder (its webhook arrives late, by itself), and the same bid then goes in.

const suite = browserSuite({ VERIFICATION_WEBHOOK_DELAY_SECONDS: '1', VERIFICATION_SANDBOX_POLL_MS: '200', VERIFY_IDENTITY_ABOVE: '500000' });

describe('verification in the browser', () => {
  it('when a bid above the threshold is refused, then the bidder verifies their identity in the sandbox and the same bid is accepted', async () => {
    const { t, browser } = suite;
    const seller = await registerUser(t.app, 'vseller');
    const bidder = await registerUser(t.app, 'vbidder');
    const a = await createAuction(t.app, seller.token, { title: 'Patek Philippe Calatrava', startingPrice: 200_000 });
    const ctx = await contextAs(browser, t.url, bidder.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // Refused: the page says why and links to the verification page.
    await page.goto(`/auctions/${a.id}`);
    await page.getByLabel('Your maximum bid (EUR)').fill('5000.01');
    await page.getByRole('button', { name: 'Place bid' }).click();
    const prompt = page.getByTestId('verify-prompt');
    await expect.poll(() => prompt.textContent()).toContain('Verify your identity to continue.');
    expect(await page.getByRole('alert').textContent()).toContain('Verify your identity first');
    await prompt.getByRole('link', { name: 'Go to verification' }).click();

    // The verification page: identity not verified; starting it opens the sandbox's hosted step.
    const identity = page.getByTestId('level-identity');
    await expect.poll(() => identity.getByTestId('level-status').textContent()).toBe('Not verified');
    await page.getByTestId('verification-start-identity').click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/verification\/sandbox\/vs_[0-9a-f]{24}$/);
    await page.getByLabel('First name').fill(PERSON.firstName);
    await page.getByLabel('Last name').fill(PERSON.lastName);
    await page.getByLabel('Date of birth').fill(PERSON.dateOfBirth);
    await page.getByLabel('Country').fill(PERSON.country);
    await page.getByLabel('Document number').fill(DOCUMENTS.verified);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('The result will reach Gavel shortly');
    await page.getByTestId('sandbox-back').click();

    // The late webhook verifies the bidder; the page, polling while pending, shows it.
    await expect.poll(() => identity.getByTestId('level-status').textContent(), { timeout: 15_000 }).toBe('Verified');

    // The same bid now goes in.
    await page.goto(`/auctions/${a.id}`);
    await page.getByLabel('Your maximum bid (EUR)').fill('5000.01');
    await page.getByRole('button', { name: 'Place bid' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Bid placed');
    expect(await page.getByTestId('verify-prompt').count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);
});

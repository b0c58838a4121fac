import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ background: false });
});
afterAll(async () => t.close());

const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' };
const mint = (token?: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/payments/sandbox/tokens', ...(token ? { headers: bearer(token) } : {}), payload: CARD });
const attach = (userToken: string, cardToken: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods', headers: bearer(userToken), payload: { token: cardToken } });

describe('sandbox card tokens', () => {
  it('when nobody is signed in, then no token is minted (a token always belongs to a customer)', async () => {
    const r = await mint();
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('UNAUTHENTICATED');
  });

  it("when another user attaches someone's token, then 422 PAYMENT_TOKEN_INVALID and the owner can still attach it", async () => {
    const owner = await registerUser(t.app, 'tok-owner');
    const thief = await registerUser(t.app, 'tok-thief');
    const card = (await mint(owner.token)).json().token as string;
    const stolen = await attach(thief.token, card);
    expect(stolen.statusCode).toBe(422);
    expect(stolen.json().error).toMatchObject({ code: 'PAYMENT_TOKEN_INVALID', details: { reason: 'unknown' } });
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/me/payment-methods', headers: bearer(thief.token) });
    expect(mine.json().items).toEqual([]);
    expect((await attach(owner.token, card)).statusCode).toBe(201);
  });

  it('when a token is attached a second time, then 422 PAYMENT_TOKEN_INVALID (used) and only one method exists', async () => {
    const u = await registerUser(t.app, 'tok-twice');
    const card = (await mint(u.token)).json().token as string;
    expect((await attach(u.token, card)).statusCode).toBe(201);
    const again = await attach(u.token, card);
    expect(again.statusCode).toBe(422);
    expect(again.json().error).toMatchObject({ code: 'PAYMENT_TOKEN_INVALID', details: { reason: 'used' } });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/payment-methods', headers: bearer(u.token) });
    expect(list.json().items).toHaveLength(1);
  });

  it('when the same token is attached concurrently, then exactly one attach wins', async () => {
    const u = await registerUser(t.app, 'tok-race');
    const card = (await mint(u.token)).json().token as string;
    const answers = await Promise.all(Array.from({ length: 8 }, () => attach(u.token, card)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422, 422, 422, 422, 422, 422, 422]);
    const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from payment_methods where token = ${card}`;
    expect(row?.n).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/platform/clock.js';
import { addAddress, BERLIN } from '../factories/addresses.js';
import { addCard, orderIn, soldOrder } from '../factories/payments.js';
import { bearer, registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// The address book (/me/addresses) and the address an order ships to (docs/PAYMENTS.md, "Shipping address").

const clock = new OffsetClock();
let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ clock, background: false });
  await t.app.services.identity.ensureAdmin('root@addresses.test', 'admin password 123');
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'root@addresses.test', password: 'admin password 123' } });
  admin = login.json().token;
});
afterAll(async () => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as never }) });
const list = async (token: string) => (await call('GET', '/me/addresses', token)).json().items as { id: string; city: string; isDefault: boolean }[];

describe('the address book', () => {
  it('when addresses are added, then the first is the default until another is made the default; the list shows the default first', async () => {
    const u = await registerUser(t.app, 'book');
    const first = await addAddress(t.app, u);
    expect(first).toMatchObject({ ...BERLIN, isDefault: true });
    const second = await addAddress(t.app, u, { city: 'Hamburg', postalCode: '20095' });
    expect(second.isDefault).toBe(false);
    const third = (await call('POST', '/me/addresses', u.token, { ...BERLIN, city: 'München', postalCode: '80331', isDefault: true })).json();
    expect((await list(u.token)).map((a) => [a.id, a.isDefault])).toEqual([
      [third.id, true],
      [second.id, false],
      [first.id, false],
    ]);
  });

  it('when an address is wrong for its country, then 422 INVALID_ADDRESS names the field and nothing is saved', async () => {
    const u = await registerUser(t.app, 'bad');
    const res = await call('POST', '/me/addresses', u.token, { ...BERLIN, postalCode: '1011' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID_ADDRESS', details: { field: 'postalCode', reason: 'format', example: '10115' } });
    const us = await call('POST', '/me/addresses', u.token, { ...BERLIN, country: 'US', postalCode: '94105' });
    expect(us.json().error.details).toMatchObject({ field: 'region', reason: 'required' });
    expect(await list(u.token)).toEqual([]);
  });

  it('when an address is changed, then it is checked again as a whole; null clears an optional field', async () => {
    const u = await registerUser(t.app, 'edit');
    const a = await addAddress(t.app, u, { line2: '3. OG', phone: '+49 30 1234567' });
    const moved = await call('PATCH', `/me/addresses/${a.id}`, u.token, { country: 'NL' });
    expect(moved.json().error).toMatchObject({ code: 'INVALID_ADDRESS', details: { field: 'postalCode', country: 'NL' } });
    const ok = await call('PATCH', `/me/addresses/${a.id}`, u.token, { country: 'nl', postalCode: '1012ab', city: 'Amsterdam', line2: null });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ country: 'NL', postalCode: '1012 AB', city: 'Amsterdam', phone: '+49 30 1234567' });
    expect(ok.json().line2).toBeUndefined();
  });

  it('when the default is removed, then the newest remaining address becomes the default', async () => {
    const u = await registerUser(t.app, 'del');
    const first = await addAddress(t.app, u);
    const second = await addAddress(t.app, u, { city: 'Hamburg', postalCode: '20095' });
    expect((await call('DELETE', `/me/addresses/${first.id}`, u.token)).statusCode).toBe(204);
    expect(await list(u.token)).toMatchObject([{ id: second.id, isDefault: true }]);
  });

  it("when someone else (an admin too) reads, changes or removes an address, then 404 ADDRESS_NOT_FOUND and it is unchanged", async () => {
    const owner = await registerUser(t.app, 'owner');
    const other = await registerUser(t.app, 'other');
    const a = await addAddress(t.app, owner);
    for (const token of [other.token, admin]) {
      expect((await call('PATCH', `/me/addresses/${a.id}`, token, { city: 'Elsewhere' })).json().error.code).toBe('ADDRESS_NOT_FOUND');
      expect((await call('DELETE', `/me/addresses/${a.id}`, token)).statusCode).toBe(404);
      expect(JSON.stringify(await list(token))).not.toContain(a.id);
    }
    expect(await list(owner.token)).toMatchObject([{ id: a.id, city: 'Berlin' }]);
  });
});

describe('the address an order ships to', () => {
  const order = (id: string, token: string) => call('GET', `/orders/${id}`, token);
  const choose = (id: string, token: string, addressId: string) => call('POST', `/orders/${id}/shipping-address`, token, { addressId });

  it('when the winner chooses an address, then the order keeps a copy that later edits and removal of the book do not change', async () => {
    const seller = await registerUser(t.app, 'snap-s');
    const buyer = await registerUser(t.app, 'snap-b');
    const o = await soldOrder(t.app, seller, buyer, 4000);
    const a = await addAddress(t.app, buyer);
    const chosen = await choose(o.id, buyer.token, a.id);
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toMatchObject({ shippingAddress: BERLIN, hasShippingAddress: true });
    await call('PATCH', `/me/addresses/${a.id}`, buyer.token, { city: 'Hamburg', postalCode: '20095' });
    await call('DELETE', `/me/addresses/${a.id}`, buyer.token);
    expect((await order(o.id, buyer.token)).json().shippingAddress).toEqual(BERLIN);
  });

  it("when the buyer names someone else's address, then 404 ADDRESS_NOT_FOUND; the seller or a stranger cannot choose at all", async () => {
    const seller = await registerUser(t.app, 'other-s');
    const buyer = await registerUser(t.app, 'other-b');
    const stranger = await registerUser(t.app, 'other-x');
    const o = await soldOrder(t.app, seller, buyer, 4000);
    const theirs = await addAddress(t.app, stranger);
    expect((await choose(o.id, buyer.token, theirs.id)).json().error.code).toBe('ADDRESS_NOT_FOUND');
    expect((await choose(o.id, stranger.token, theirs.id)).json().error.code).toBe('ORDER_NOT_FOUND');
    const sellers = await addAddress(t.app, seller);
    expect((await choose(o.id, seller.token, sellers.id)).statusCode).toBe(403);
    expect((await order(o.id, buyer.token)).json()).toMatchObject({ shippingAddress: null, hasShippingAddress: false });
  });

  it('when the order is paid, the seller sees the address until it ships; before and after only that there is one; an admin and strangers never', async () => {
    const seller = await registerUser(t.app, 'win-s');
    const buyer = await registerUser(t.app, 'win-b');
    const stranger = await registerUser(t.app, 'win-x');
    await addCard(t.app, buyer);
    const o = await soldOrder(t.app, seller, buyer, 5000);
    await choose(o.id, buyer.token, (await addAddress(t.app, buyer)).id);
    expect((await order(o.id, seller.token)).json()).toMatchObject({ status: 'pending_payment', shippingAddress: null, hasShippingAddress: true });

    await t.app.services.payments.settlement.charge(o.id);
    const paid = (await order(o.id, seller.token)).json();
    expect(paid).toMatchObject({ status: 'in_escrow', shippingAddress: BERLIN });
    expect(paid.allowedActions).toContain('ship');
    expect((await order(o.id, admin)).json().shippingAddress).toBeNull();
    expect((await order(o.id, stranger.token)).statusCode).toBe(404);
    const sellerReceipt = (await call('GET', `/orders/${o.id}/receipt`, seller.token)).json();
    expect(sellerReceipt).toMatchObject({ shippingAddress: BERLIN, buyer: { id: buyer.id, displayName: 'win-b' }, sellers: [{ id: seller.id, displayName: 'win-s' }] });

    expect((await call('POST', `/orders/${o.id}/ship`, seller.token, { carrier: 'DHL', tracking: 'A1' })).statusCode).toBe(200);
    expect((await order(o.id, seller.token)).json()).toMatchObject({ status: 'shipped', shippingAddress: null, hasShippingAddress: true });
    expect((await call('GET', `/orders/${o.id}/receipt`, seller.token)).json().shippingAddress).toBeNull();
    expect((await order(o.id, buyer.token)).json().shippingAddress).toEqual(BERLIN);
    const buyerReceipt = (await call('GET', `/orders/${o.id}/receipt`, buyer.token)).json();
    expect(buyerReceipt).toMatchObject({ shippingAddress: BERLIN, buyer: { displayName: 'win-b' }, sellers: [{ displayName: 'win-s' }] });
    const again = await choose(o.id, buyer.token, (await addAddress(t.app, buyer, { city: 'Hamburg', postalCode: '20095' })).id);
    expect(again.json().error.code).toBe('ORDER_STATE_INVALID');
  });

  it('when the buyer has chosen no address, then the seller cannot ship (409 SHIPPING_ADDRESS_REQUIRED) and is not offered to', async () => {
    const seller = await registerUser(t.app, 'bare-s');
    const buyer = await registerUser(t.app, 'bare-b');
    await addCard(t.app, buyer);
    const o = await orderIn(t.app, 'in_escrow', seller, buyer);
    expect((await order(o.id, seller.token)).json().allowedActions).not.toContain('ship');
    const res = await call('POST', `/orders/${o.id}/ship`, seller.token, { carrier: 'DHL', tracking: 'A2' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SHIPPING_ADDRESS_REQUIRED');
  });
});

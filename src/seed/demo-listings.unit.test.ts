import { describe, expect, it } from 'vitest';
import type { CategoryRules } from '../modules/catalog/index.js';
import { DEMO_CATEGORIES } from './demo-catalog.js';
import { DEMO_BUYERS, DEMO_SELLERS, LOOKS_PER_SUBJECT, planListings } from './demo-listings.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;
const plans = planListings(NOW);
const byId = new Map(DEMO_CATEGORIES.map((c) => [c.id, c]));

/** A rule as the category tree hands it down: the nearest category that sets it. */
function inherited<K extends keyof CategoryRules>(id: string, key: K): CategoryRules[K] | undefined {
  for (let c = byId.get(id); c; c = c.parentId ? byId.get(c.parentId) : undefined) {
    const v = c.rules?.[key];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

describe('demo listings', () => {
  it('when planned twice at the same time, then the plans are equal; at another time only the times move', () => {
    expect(planListings(NOW)).toEqual(plans);
    const later = planListings(NOW + HOUR);
    expect(later.map((p) => p.request.title)).toEqual(plans.map((p) => p.request.title));
    expect(later[0]?.request.endsAt).not.toBe(plans[0]?.request.endsAt);
  });

  it('when planned, then there are 300 to 400 listings in at least ten categories of the tree', () => {
    expect(plans.length).toBeGreaterThanOrEqual(300);
    expect(plans.length).toBeLessThanOrEqual(400);
    const used = new Set(plans.map((p) => p.request.categoryId));
    expect(used.size).toBeGreaterThanOrEqual(10);
    for (const id of used) expect(byId.has(id ?? ''), String(id)).toBe(true);
    expect(new Set(plans.map((p) => p.request.title)).size).toBeGreaterThan(250);
  });

  it('when planned, then every listing has a condition, 3 to 8 specifications, a located city and shipping', () => {
    for (const p of plans) {
      const q = p.request;
      expect(q.condition, q.title).toEqual(expect.any(String));
      expect(q.specifications?.length ?? 0, q.title).toBeGreaterThanOrEqual(3);
      expect(q.specifications?.length ?? 0, q.title).toBeLessThanOrEqual(8);
      expect(q.location, q.title).toMatchObject({ country: expect.stringMatching(/^[A-Z]{2}$/), lat: expect.any(Number), lon: expect.any(Number) });
      expect((q.shipping?.options.length ?? 0) > 0 || q.shipping?.localPickup === true, q.title).toBe(true);
      const sentences = (q.description ?? '').split(/(?<=[.!?])\s+/).length;
      expect(sentences, q.title).toBeGreaterThanOrEqual(2);
      expect(sentences, q.title).toBeLessThanOrEqual(5);
      expect(p.angles.length).toBeGreaterThanOrEqual(1);
      expect(p.angles.length).toBeLessThanOrEqual(3);
      expect(p.look).toBeLessThan(LOOKS_PER_SUBJECT);
    }
    expect(plans.some((p) => p.request.shipping?.options.length === 0)).toBe(true);
  });

  it('when planned, then every listing keeps the rules of its category (required specifications, minimum start)', () => {
    for (const p of plans) {
      const q = p.request;
      const names = new Set(q.specifications?.map((s) => s.name.toLowerCase()));
      for (const name of inherited(q.categoryId ?? '', 'requiredSpecifications') ?? []) expect(names.has(name.toLowerCase()), `${q.title}: ${name}`).toBe(true);
      const min = inherited(q.categoryId ?? '', 'minStartingPrice')?.[q.currency];
      if (min !== undefined) expect(q.startingPrice, q.title).toBeGreaterThanOrEqual(min);
    }
  });

  it('when planned, then prices are mostly in euros, types mostly English, and end times spread from minutes to ten days', () => {
    const share = (f: (p: (typeof plans)[number]) => boolean) => plans.filter(f).length / plans.length;
    expect(share((p) => p.request.currency === 'EUR')).toBeGreaterThan(0.5);
    expect(new Set(plans.map((p) => p.request.currency))).toEqual(new Set(['EUR', 'USD', 'GBP']));
    expect(share((p) => p.request.type === 'english')).toBeGreaterThan(0.6);
    for (const type of ['dutch', 'sealed_first_price', 'sealed_second_price'] as const) expect(plans.some((p) => p.request.type === type)).toBe(true);
    expect(plans.some((p) => (p.request.buyNowPrice ?? null) !== null)).toBe(true);
    const ends = plans.map((p) => Date.parse(p.request.endsAt) - NOW);
    expect(ends.filter((ms) => ms < HOUR).length).toBeGreaterThan(5);
    expect(Math.min(...ends)).toBeGreaterThan(5 * 60_000);
    expect(Math.max(...ends)).toBeLessThanOrEqual(10 * 24 * HOUR);
    expect(plans.filter((p) => p.request.startsAt !== undefined).length).toBeGreaterThan(3);
  });

  it('when planned, then bids and watchers come from buyers, never from the seller, and bids rise', () => {
    const buyers = new Set(DEMO_BUYERS.map((b) => b.email));
    const sellers = new Set(DEMO_SELLERS.map((s) => s.email));
    expect(plans.filter((p) => p.bids.length > 0).length).toBeGreaterThan(100);
    for (const p of plans) {
      for (const who of [...p.bids.map((b) => b.bidder), ...p.watchers]) {
        expect(buyers.has(who)).toBe(true);
        expect(sellers.has(who)).toBe(false);
      }
      const amounts = p.bids.map((b) => b.amount);
      expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
      if (p.bids.length > 0) expect(p.request.type === 'dutch' || p.request.startsAt !== undefined).toBe(false);
    }
  });
});

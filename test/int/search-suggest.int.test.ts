import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

// Suggestions as one types: prefix matches in title order past duplicates, the word branch, and the short cache.

let t: TestApp;
let token: string;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SEARCH_SUGGEST_CACHE_MS: '2000' } });
  token = (await registerUser(t.app, 'suggestseller')).token;
});
afterAll(async () => t.close());

const list = (title: string) => createAuction(t.app, token, { title, endsAt: new Date(clock.now() + 3_600_000).toISOString() });

const suggest = async (q: string): Promise<string[]> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search/suggest?q=${encodeURIComponent(q)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().suggestions;
};

describe('suggest', () => {
  it('when many live titles start with two typed letters, many of them the same, then 8 distinct titles come in title order', async () => {
    // More copies of one title than one batch of prefix matches holds (3x the limit).
    for (let i = 0; i < 30; i++) await list('Velvet armchair');
    for (const n of [9, 3, 7, 1, 5, 8, 2, 6, 4]) await list(`Velvet mirror ${n}`);
    expect(await suggest('ve')).toEqual(['Velvet armchair', ...[1, 2, 3, 4, 5, 6, 7].map((n) => `Velvet mirror ${n}`)]);
    expect(await suggest('VELVET M')).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Velvet mirror ${n}`));
  });

  it('when the typed word starts a later word of titles, then titles starting with it come first, then those', async () => {
    await list('Rustic oak bench');
    await list('Rustic oak stool');
    await list('Oaken barrel');
    const oak = await suggest('oak');
    expect(oak[0]).toBe('Oaken barrel');
    expect(oak.slice(1).sort()).toEqual(['Rustic oak bench', 'Rustic oak stool']);
    expect(await suggest('rustic oa')).toEqual(['Rustic oak bench', 'Rustic oak stool']);
    // Two letters that start no title, only later words: each title once.
    for (let i = 0; i < 12; i++) await list(`Gilded ${i % 2 === 0 ? 'ornate' : 'oval'} frame`);
    expect((await suggest('or')).sort()).toEqual(['Gilded ornate frame']);
  });

  it('when a title changes elsewhere, then the cached answer for that prefix holds until its expiry by the clock', async () => {
    const lot = await list('Brass compass');
    expect(await suggest('qu')).toEqual([]);
    // Another instance's edit: this one does not hear of it and keeps its answer for 2 s.
    await t.db.sql`update auctions set title = 'Quartz compass' where id = ${lot.id}`;
    clock.advance(1999);
    expect(await suggest('qu')).toEqual([]);
    expect(await suggest(' QU ')).toEqual([]);
    clock.advance(1);
    expect(await suggest('qu')).toEqual(['Quartz compass']);
  });

  it('when an auction is listed on this instance, then the next suggestion shows it although the answer was cached', async () => {
    expect(await suggest('zeppelin')).toEqual([]);
    await list('Zeppelin poster');
    expect(await suggest('zeppelin')).toEqual(['Zeppelin poster']);
  });
});

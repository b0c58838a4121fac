import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSpecFrom } from '../../src/modules/auctions/search.query.js';
import { SearchRepository } from '../../src/modules/auctions/search.repository.js';
import { createAuction } from '../factories/auctions.js';
import { registerUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let client: postgres.Sql;
const notices: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ background: false });
  // The app's pool ignores notices; this client records every one the server sends.
  client = postgres(t.db.url, { max: 2, onnotice: (n) => notices.push(String(n.message)) });
  const seller = await registerUser(t.app, 'nseller');
  for (const title of ['Camera body', 'Leica camera', 'Cambridge bicycle', 'Old radio']) await createAuction(t.app, seller.token, { title });
});
afterAll(async () => {
  await client?.end();
  await t?.close();
});

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe('search-as-you-type in SQL', () => {
  it('when one word is typed, then the prefix query sends no NOTICE and finds what the empty-head form found', async () => {
    const repo = new SearchRepository(client as never);
    notices.length = 0;
    const found = await repo.page(searchSpecFrom({ q: 'cam', sort: 'newest', limit: 20 }, Date.now()));
    expect(notices).toEqual([]);
    const before = await t.db.sql<{ id: string }[]>`
      select id from auctions
      where search_tsv @@ (websearch_to_tsquery('english', 'cam') || (websearch_to_tsquery('english', '') && to_tsquery('simple', 'cam:*')))`;
    expect(ids(found)).toEqual(ids(before));
    expect(found).toHaveLength(3);
  });

  it('when more words are typed, then the last is still a prefix beside the others, without a NOTICE', async () => {
    const repo = new SearchRepository(client as never);
    notices.length = 0;
    const found = await repo.page(searchSpecFrom({ q: 'leica cam', sort: 'newest', limit: 20 }, Date.now()));
    expect(notices).toEqual([]);
    expect(found).toHaveLength(1);
  });
});

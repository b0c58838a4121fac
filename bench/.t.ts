import postgres from 'postgres';
import { SearchRepository } from '../src/modules/auctions/search.repository.js';
import { searchSpecFrom } from '../src/modules/auctions/search.query.js';
import { BENCH_WORDS } from './lib/search-data.js';
const sql = postgres('postgres://postgres@127.0.0.1:5432/gavel_probe', { max: 2, onnotice: () => {} }) as any;
const repo = new SearchRepository(sql);
const b = BENCH_WORDS.brands;
console.log('brands', b.slice(0, 5), 'areas', BENCH_WORDS.areas.slice(0,3), 'sub', BENCH_WORDS.subcategories.slice(0,3));
const cases: Record<string, any> = {
  brand: { q: b[0] }, brandnoun: { q: `${b[1]} ${BENCH_WORDS.nouns[0]}` }, prefix: { q: b[2].slice(0, 3) }, typo: { q: 'lieca' },
  browseAll: { sort: 'ending_soon' }, browseArea: { categoryId: BENCH_WORDS.areas[0], sort: 'ending_soon' }, browseSub: { categoryId: BENCH_WORDS.subcategories[0], sort: 'newest' },
  browsePrice: { categoryId: BENCH_WORDS.areas[1], sort: 'price_asc' },
};
for (const [name, q] of Object.entries(cases)) {
  const spec = searchSpecFrom(q, Date.now());
  for (let i = 0; i < 2; i++) {
    let t = performance.now(); const p = await repo.page(spec); const tp = performance.now() - t;
    t = performance.now(); const f = await repo.facets(spec); const tf = performance.now() - t;
    if (i === 1) console.log(name.padEnd(12), 'page', tp.toFixed(1), 'ms', p.length, ' facets', tf.toFixed(1), 'ms', f.category.reduce((a: number, c: any) => a + c.count, 0));
  }
}
await sql.end();

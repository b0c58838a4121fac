/**
 * bench:search — full-text search with facets, and suggestions, over many active
 * auctions (default 100,000, generated straight into a fresh database by
 * bench/lib/search-data.ts), against two references measured in the same run:
 * the bare `/livez` route (HTTP + client ceiling here) and the plain list route
 * (`GET /auctions?status=active&limit=20`, one walk of the open-deadline index).
 *
 * Each query kind runs as its own phase (so its percentiles are its own), then a
 * mixed phase. Kinds: free text (words, prefixes, typos), text + filters, category
 * browsing (the whole set, an area, a subcategory; every search answer carries its
 * four facets), suggest (2-6 typed letters).
 *
 * Environment: BENCH_DATABASE_URL (admin URL; default the local server),
 * BENCH_AUCTIONS (default 100000), BENCH_DURATION (s per phase, default 15),
 * BENCH_CONNECTIONS (default 64), BENCH_POOL (server pool, default 20),
 * BENCH_QUERIES (distinct URLs per kind, default 400), BENCH_PHASES (comma list
 * of phase names to run, default all), BENCH_PROFILE (dir: V8 CPU profile of the server),
 * BENCH_SERVER_ENV (extra server env, `K=V,K=V`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../src/platform/embedded-postgres.js';
import { runLoad } from './lib/load-runner.js';
import { machineLine } from './lib/machine.js';
import { benchDatabase } from './lib/pg.js';
import { BENCH_WORDS, generateAuctions } from './lib/search-data.js';
import { gavelServerEnv, startServer, stopServer } from './lib/server-process.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const AUCTIONS = Number(process.env.BENCH_AUCTIONS ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const POOL = Number(process.env.BENCH_POOL ?? 20);
const DISTINCT = Number(process.env.BENCH_QUERIES ?? 400);
const ONLY = process.env.BENCH_PHASES ? new Set(process.env.BENCH_PHASES.split(',')) : null;

interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  errors: number;
  timeouts: number;
  codes: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function load(cfg: Record<string, unknown>): Promise<LoadResult> {
  return runLoad<LoadResult>('search-load.ts', cfg);
}

/** A small seeded PRNG (mulberry32), so every run asks the same queries. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The URLs of each query kind, `n` of each (repeats allowed: popular queries repeat). */
export function queryMix(n: number, seed = 12): Record<'text' | 'filtered' | 'browse' | 'suggest', string[]> {
  const r = rng(seed);
  const one = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const { brands, nouns, adjectives, areas, subcategories, countries } = BENCH_WORDS;
  const enc = (s: string) => encodeURIComponent(s);
  const typo = (w: string) => (w.length > 4 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w);
  const text = (): string => {
    const k = r();
    if (k < 0.3) return one(brands);
    if (k < 0.5) return `${one(brands)} ${one(nouns)}`;
    if (k < 0.65) return `${one(adjectives)} ${one(nouns)}`;
    if (k < 0.85) {
      const w = one(brands);
      return w.slice(0, Math.max(3, Math.ceil(w.length * 0.6))); // still typing
    }
    return typo(one(brands).toLowerCase());
  };
  const filters = (): string => {
    const f = [
      () => `condition=${one(['used_good', 'new', 'like_new'])}`,
      () => `country=${one(countries)}`,
      () => `currency=EUR&minPrice=${one([1000, 5000, 10000])}&maxPrice=${one([50000, 100000, 500000])}`,
      () => 'hasBuyNow=true',
      () => `type=${one(['english', 'dutch'])}`,
      () => `categoryId=${one(areas)}`,
      () => 'noBids=true',
      () => `endingWithinHours=${one([24, 48])}`,
    ];
    const a = one(f)();
    const b = one(f)();
    return a.split('=')[0] === b.split('=')[0] ? a : `${a}&${b}`;
  };
  const sorts = ['ending_soon', 'newest', 'price_asc', 'most_bids'];
  const browse = (): string => {
    const k = r();
    if (k < 0.15) return `sort=${one(sorts)}`;
    if (k < 0.55) return `categoryId=${one(areas)}&sort=${one(sorts)}`;
    return `categoryId=${one(subcategories)}&sort=${one(sorts)}`;
  };
  const suggest = (): string => {
    const w = one([...brands, ...nouns, ...adjectives]).toLowerCase();
    return w.slice(0, 2 + Math.floor(r() * Math.min(5, w.length - 1)));
  };
  const list = <T>(f: () => T) => Array.from({ length: n }, f);
  return {
    text: list(() => `/api/v1/search?q=${enc(text())}`),
    filtered: list(() => `/api/v1/search?q=${enc(text())}&${filters()}`),
    browse: list(() => `/api/v1/search?${browse()}`),
    suggest: list(() => `/api/v1/search/suggest?q=${enc(suggest())}`),
  };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Interleaves lists by weight (deterministic), for the mixed phase. */
function mixed(parts: [string[], number][]): string[] {
  const out: string[] = [];
  const idx = parts.map(() => 0);
  const total = parts.reduce((n, [, w]) => n + w, 0);
  for (let i = 0; i < 2000; i++) {
    let x = (i * 0.6180339887) % 1;
    for (const [k, [paths, w]] of parts.entries()) {
      if (x < w / total) {
        out.push(paths[idx[k]!++ % paths.length]!);
        break;
      }
      x -= w / total;
    }
  }
  return out;
}

function serverEnv(dbUrl: string, port: number): Record<string, string> {
  const extra = Object.fromEntries(
    (process.env.BENCH_SERVER_ENV ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return gavelServerEnv(dbUrl, port, POOL, extra);
}

async function main(): Promise<void> {
  console.log(`bench:search — ${new Date().toISOString()}`);
  console.log(`machine: ${machineLine()}`);
  console.log(
    `params: ${fmt(AUCTIONS)} active auctions, ${DURATION}s per phase, ${CONNECTIONS} connections, server pool ${POOL}, ${DISTINCT} URLs per kind (seeded), BENCH_SERVER_ENV=${process.env.BENCH_SERVER_ENV ?? ''}`,
  );
  const db = await benchDatabase('search');
  const port = await freePort();
  const rows: { name: string; r: LoadResult }[] = [];
  try {
    const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    // The first start runs the migrations on the empty database.
    let server = await startServer(['--import', 'tsx', 'src/server.ts'], serverEnv(db.url, port), null, port);
    await stopServer(server);
    const ms = await generateAuctions(db.url, { count: AUCTIONS });
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    const [size] = await admin<{ n: number; size: string }[]>`select count(*)::int as n, pg_size_pretty(pg_total_relation_size('auctions')) as size
      from auctions where status = 'active'`;
    await admin.end();
    console.log(`generated ${fmt(size!.n)} active auctions in ${fmt(ms / 1000, 1)} s (auctions table with indexes: ${size!.size}), VACUUM ANALYZEd`);
    server = await startServer([...prof, '--import', 'tsx', 'src/server.ts'], serverEnv(db.url, port), null, port);
    const base = `http://127.0.0.1:${port}`;
    const q = queryMix(DISTINCT);
    // The first URLs of each kind once before the clock starts: each must answer 200 (the table counts any that do not).
    for (const u of [q.text, q.filtered, q.browse, q.suggest].flatMap((l) => l.slice(0, 3))) {
      const res = await fetch(base + u);
      if (res.status !== 200) throw new Error(`${u}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    const phases: [string, string[]][] = [
      ['reference: bare route (/livez)', ['/livez']],
      ['reference: plain list route (GET /auctions?status=active&limit=20)', ['/api/v1/auctions?status=active&limit=20']],
      ['search: free text', q.text],
      ['search: text + filters', q.filtered],
      ['search: category browsing (no text)', q.browse],
      ['suggest', q.suggest],
      ['mixed: 30% text, 20% text + filters, 20% browsing, 30% suggest', mixed([[q.text, 3], [q.filtered, 2], [q.browse, 2], [q.suggest, 3]])],
    ];
    for (const [name, paths] of phases) {
      if (ONLY && ![...ONLY].some((o) => name.includes(o))) continue;
      console.log(`… ${name}`);
      rows.push({ name, r: await load({ url: base, connections: CONNECTIONS, duration: DURATION, paths }) });
    }
    await stopServer(server);
  } finally {
    await db.drop();
  }

  console.log('');
  console.log('| phase | queries/s | p50 ms | p95 ms | p99 ms | max ms | non-200 | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, r } of rows) {
    const non200 = Object.entries(r.codes).reduce((n, [c, k]) => (c === '200' ? n : n + k), 0);
    console.log(`| ${name} | ${fmt(r.rps)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${non200} | ${r.errors + r.timeouts} |`);
  }
  await mkdir(path.join(ROOT, 'bench', 'results'), { recursive: true });
  await writeFile(
    path.join(ROOT, 'bench', 'results', 'search-latest.json'),
    JSON.stringify({ at: new Date().toISOString(), machine: machineLine(), AUCTIONS, DURATION, CONNECTIONS, POOL, DISTINCT, rows }, null, 2),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

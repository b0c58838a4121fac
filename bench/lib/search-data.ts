/**
 * Generates many active auctions straight in the database, for bench:search and the
 * background of bench:bids: one `insert ... select generate_series` per table, so
 * 100,000 auctions take seconds, not an hour of POSTs.
 *
 * The rows are what `AuctionRepository.insert` and the engine write: a state snapshot
 * (jsonb, the shape `createAuction` builds) whose columns agree with it, item details
 * (condition, specifications, location with lat/lon, shipping regions), a category
 * from a three-level tree, prices in six currencies. A third of the English auctions
 * carry one bid: its two events (`bid_placed`, `price_changed`) are in the log and the
 * snapshot is at seq 2, as after a real first bid. Every auction ends 6 h to 7 days
 * after generation, so none closes during a run.
 *
 * Deterministic for a given count and seed (`setseed`, one connection, one statement
 * per table); only the times move with the clock.
 */
import postgres from 'postgres';

/** Top-level areas: each has its own brands, nouns and a specification it typically lists. */
const AREAS: { id: string; name: string; brands: string[]; nouns: string[]; spec: [string, string[]] }[] = [
  { id: 'photo', name: 'Cameras & Photo', brands: ['Leica', 'Nikon', 'Canon', 'Hasselblad', 'Olympus', 'Pentax', 'Minolta', 'Fujifilm'], nouns: ['camera', 'lens', 'tripod', 'flash', 'rangefinder', 'viewfinder', 'body', 'zoom'], spec: ['Mount', ['M', 'F', 'EF', 'K', 'X', 'OM']] },
  { id: 'watches', name: 'Watches', brands: ['Omega', 'Seiko', 'Rolex', 'Tissot', 'Longines', 'Casio', 'Junghans', 'Breitling'], nouns: ['watch', 'chronograph', 'diver', 'strap', 'bracelet', 'movement', 'dial', 'pocket watch'], spec: ['Case', ['steel', 'gold', 'titanium', 'bronze']] },
  { id: 'music', name: 'Musical Instruments', brands: ['Fender', 'Gibson', 'Yamaha', 'Roland', 'Martin', 'Ibanez', 'Steinway', 'Korg'], nouns: ['guitar', 'bass', 'amplifier', 'synthesizer', 'piano', 'drum kit', 'pedal', 'violin'], spec: ['Finish', ['sunburst', 'natural', 'black', 'white', 'red']] },
  { id: 'vinyl', name: 'Records', brands: ['Blue Note', 'Motown', 'Decca', 'Columbia', 'Verve', 'Atlantic', 'Chess', 'Stax'], nouns: ['record', 'LP', 'single', 'box set', 'pressing', 'album', 'EP', 'collection'], spec: ['Speed', ['33 rpm', '45 rpm', '78 rpm']] },
  { id: 'bikes', name: 'Bicycles', brands: ['Colnago', 'Bianchi', 'Cannondale', 'Trek', 'Peugeot', 'Raleigh', 'Brompton', 'Specialized'], nouns: ['bicycle', 'frame', 'wheelset', 'saddle', 'road bike', 'gravel bike', 'groupset', 'helmet'], spec: ['Frame size', ['50 cm', '52 cm', '54 cm', '56 cm', '58 cm']] },
  { id: 'furniture', name: 'Furniture', brands: ['Eames', 'Thonet', 'Vitra', 'Knoll', 'Artek', 'Fritz Hansen', 'Cassina', 'USM'], nouns: ['chair', 'table', 'lamp', 'sideboard', 'desk', 'shelf', 'armchair', 'stool'], spec: ['Material', ['oak', 'walnut', 'teak', 'steel', 'leather', 'rosewood']] },
  { id: 'coins', name: 'Coins & Stamps', brands: ['Krugerrand', 'Napoleon', 'Vreneli', 'Sovereign', 'Maple Leaf', 'Penny Black', 'Inverted Jenny', 'Thaler'], nouns: ['coin', 'stamp', 'proof set', 'banknote', 'medal', 'album', 'sheet', 'roll'], spec: ['Grade', ['MS60', 'MS65', 'AU', 'XF', 'VF', 'mint']] },
  { id: 'computers', name: 'Computers', brands: ['Apple', 'Commodore', 'Atari', 'Lenovo', 'Dell', 'Sinclair', 'Amiga', 'Raspberry'], nouns: ['laptop', 'computer', 'keyboard', 'monitor', 'console', 'tablet', 'mouse', 'graphics card'], spec: ['Memory', ['4 GB', '8 GB', '16 GB', '32 GB', '64 KB']] },
];
/** Subcategories under each area, and leaves under each of those: 8 + 40 + 120 categories. */
const SUBS = ['classic', 'modern', 'parts', 'accessories', 'collections'];
const LEAVES = ['a', 'b', 'c'];
const ADJECTIVES = ['Vintage', 'Rare', 'Classic', 'Mint', 'Restored', 'Original', 'Boxed', 'Limited', 'Professional', 'Compact', 'Antique', 'Signed'];
const PHRASES = [
  'Fully working, tested last week.',
  'Light signs of use, see photos.',
  'Comes with the original box and papers.',
  'Serviced by a specialist in 2025.',
  'From a smoke-free home.',
  'A few scratches on the back, nothing serious.',
  'Collector item, kept in a display case.',
  'Sold as seen; pickup welcome.',
  'Ships insured and well packed.',
  'One of the best examples I have seen.',
];
const CONDITIONS = ['new', 'like_new', 'used_good', 'used_good', 'used_fair', 'refurbished', 'for_parts'];
/** [country, city, lat, lon] */
const PLACES: [string, string, number, number][] = [
  ['DE', 'Berlin', 52.52, 13.405], ['DE', 'Munich', 48.137, 11.575], ['DE', 'Hamburg', 53.551, 9.993], ['AT', 'Vienna', 48.208, 16.373],
  ['CH', 'Zurich', 47.377, 8.541], ['FR', 'Paris', 48.857, 2.352], ['FR', 'Lyon', 45.764, 4.836], ['NL', 'Amsterdam', 52.368, 4.904],
  ['IT', 'Milan', 45.464, 9.19], ['ES', 'Madrid', 40.417, -3.704], ['GB', 'London', 51.507, -0.128], ['GB', 'Manchester', 53.48, -2.242],
  ['SE', 'Stockholm', 59.329, 18.069], ['US', 'New York', 40.713, -74.006], ['US', 'San Francisco', 37.775, -122.419], ['JP', 'Tokyo', 35.68, 139.769],
];
/** Currency per row: EUR half, then USD, GBP, CHF, SEK, JPY. */
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP', 'CHF', 'SEK', 'JPY'];
const EU = ['DE', 'AT', 'FR', 'NL', 'IT', 'ES', 'BE', 'LU', 'DK', 'SE', 'PL', 'CZ'];

/** The categories the generator uses: ids and parents (roots first). */
export function benchCategories(): { id: string; name: string; parentId: string | null; area: number }[] {
  const out: { id: string; name: string; parentId: string | null; area: number }[] = [];
  AREAS.forEach((a, area) => {
    out.push({ id: `b-${a.id}`, name: a.name, parentId: null, area });
    for (const s of SUBS) {
      out.push({ id: `b-${a.id}-${s}`, name: `${a.name}: ${s}`, parentId: `b-${a.id}`, area });
      for (const l of LEAVES) out.push({ id: `b-${a.id}-${s}-${l}`, name: `${a.name}: ${s} ${l}`, parentId: `b-${a.id}-${s}`, area });
    }
  });
  return out;
}

/** Words the generated titles are made of, for benchmarks that query them. */
export const BENCH_WORDS = {
  brands: AREAS.flatMap((a) => a.brands),
  nouns: AREAS.flatMap((a) => a.nouns),
  adjectives: ADJECTIVES,
  areas: AREAS.map((a) => `b-${a.id}`),
  subcategories: AREAS.flatMap((a) => SUBS.map((s) => `b-${a.id}-${s}`)),
  countries: [...new Set(PLACES.map((p) => p[0]))],
};

export interface GenerateOptions {
  /** How many auctions. */
  count: number;
  /** How many distinct sellers (created here, bidders are drawn from them too). */
  sellers?: number;
  /** For `setseed` (-1..1). */
  seed?: number;
  /** Name prefix of the generated sellers, so two runs into one database do not clash. */
  prefix?: string;
}

/**
 * Inserts the categories (if missing), the sellers and `count` active auctions, then
 * VACUUM ANALYZEs. Returns the time it took (ms).
 */
export async function generateAuctions(url: string, o: GenerateOptions): Promise<number> {
  const t0 = Date.now();
  const sellers = o.sellers ?? 2000;
  const prefix = o.prefix ?? 'gen';
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const cats = benchCategories();
    await sql`insert into categories (id, name, parent_id, sort_order)
      select * from unnest(${cats.map((c) => c.id)}::text[], ${cats.map((c) => c.name)}::text[], ${cats.map((c) => c.parentId) as string[]}::text[],
        ${cats.map((_, i) => i)}::int[]) on conflict (id) do nothing`;
    await sql`insert into users (id, email, password_hash, display_name)
      select md5(${prefix} || '-seller-' || g)::uuid, ${prefix} || '-seller-' || g || '@bench.gavel', 'x', 'Seller ' || g
      from generate_series(1, ${sellers}) g on conflict do nothing`;
    await sql`select setseed(${o.seed ?? 0.4242})`;
    await sql.unsafe(auctionsSql(), [o.count, sellers, prefix, Date.now(), JSON.stringify(setup(cats))] as never[]);
    await sql`insert into auction_events (auction_id, seq, type, data, at, bidder_id)
      select id, 1, 'bid_placed', jsonb_build_object('type', 'bid_placed', 'seq', 1, 'at', (state -> 'bidders' -> 0 ->> 'at')::bigint,
          'bidId', md5(id::text || '-bid')::uuid, 'bidderId', state ->> 'leaderId', 'amount', current_price,
          'maxAmount', (state -> 'bidders' -> 0 ->> 'amount')::bigint, 'kind', 'manual'),
        to_timestamp((state -> 'bidders' -> 0 ->> 'at')::bigint / 1000.0), (state ->> 'leaderId')::uuid
      from auctions where bid_count = 1 and version = 2
      union all
      select id, 2, 'price_changed', jsonb_build_object('type', 'price_changed', 'seq', 2, 'at', (state -> 'bidders' -> 0 ->> 'at')::bigint,
          'price', current_price, 'leaderId', state ->> 'leaderId', 'reserveMet', true),
        to_timestamp((state -> 'bidders' -> 0 ->> 'at')::bigint / 1000.0), null
      from auctions where bid_count = 1 and version = 2
      on conflict do nothing`;
    // VACUUM, not only ANALYZE: it sets the visibility map (index-only scans, e.g. suggest's
    // title index) and empties the GIN pending list, as autovacuum would after a while.
    await sql`vacuum analyze auctions`;
    await sql`analyze`;
  } finally {
    await sql.end();
  }
  return Date.now() - t0;
}

/** The word lists as one JSON parameter: categories with their area's words, places, currencies. */
function setup(cats: ReturnType<typeof benchCategories>) {
  return {
    cats: cats.filter((c) => c.parentId !== null).map((c) => c.id),
    area: cats.filter((c) => c.parentId !== null).map((c) => c.area),
    brands: AREAS.map((a) => a.brands),
    nouns: AREAS.map((a) => a.nouns),
    specName: AREAS.map((a) => a.spec[0]),
    specValues: AREAS.map((a) => a.spec[1]),
    adjectives: ADJECTIVES,
    phrases: PHRASES,
    conditions: CONDITIONS,
    places: PLACES,
    currencies: CURRENCIES,
    eu: EU,
  };
}

/**
 * One statement: a row of random draws per auction (r), the words picked from them (w),
 * then the row as the repository writes it. $1 count, $2 sellers, $3 seller prefix,
 * $4 now (ms), $5 the word lists (JSON).
 */
function auctionsSql(): string {
  const pick = (arr: string, r: string) => `(${arr} ->> floor(${r} * jsonb_array_length(${arr}))::int)`;
  return `
with p as (select $5::text::jsonb as j),
r as (
  select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8,
    random() r9, random() r10, random() r11, random() r12, random() r13
  from generate_series(1, $1::int) g
),
w as (
  select r.*, md5($3 || '-auction-' || g)::uuid as id,
    md5($3 || '-seller-' || (1 + floor(r1 * $2::int))::int)::uuid as seller,
    -- Never the seller: the next seller after a random gap.
    md5($3 || '-seller-' || (1 + (floor(r1 * $2::int)::int + 1 + floor(r12 * ($2::int - 1))::int) % $2::int))::uuid as bidder,
    c.cat, c.area,
    ${pick("j -> 'brands' -> c.area", 'r3')} as brand,
    ${pick("j -> 'nouns' -> c.area", 'r4')} as noun,
    ${pick("j -> 'adjectives'", 'r5')} as adj,
    ${pick("j -> 'conditions'", 'r6')} as cond,
    j -> 'places' -> floor(r7 * jsonb_array_length(j -> 'places'))::int as place,
    ${pick("j -> 'currencies'", 'r8')} as cur,
    case when r9 < 0.80 then 'english' when r9 < 0.86 then 'dutch' when r9 < 0.93 then 'sealed_first_price' else 'sealed_second_price' end as type,
    j
  from r, p, lateral (
    select j -> 'cats' ->> i as cat, (j -> 'area' ->> i)::int as area
    from (select floor(r2 * jsonb_array_length(j -> 'cats'))::int as i) x
  ) c
),
v as (
  select w.*,
    -- Major units spread from 1 to 5,000 (log-uniform), times the currency's minor units.
    (greatest(1, round(exp(r10 * ln(5000)))) * case cur when 'JPY' then 150 else 100 end)::bigint as sp,
    ($4::bigint - floor(r11 * 3 * 86400000)::bigint) as created,
    ($4::bigint + 6 * 3600000 + floor(r13 * 6.75 * 86400000)::bigint) as ends,
    (type = 'english' and r12 < 0.33) as has_bid
  from w
)
insert into auctions (id, seller_id, category_id, title, description, image_urls, type, status, currency, starting_price,
  current_price, bid_count, starts_at, ends_at, created_at, version, state, details, images)
select id, seller, cat,
  adj || ' ' || brand || ' ' || noun || ' ' || upper(substr(md5(g::text), 1, 2)) || (10 + g % 990),
  'Selling my ' || lower(adj) || ' ' || brand || ' ' || noun || '. ' || ${pick("j -> 'phrases'", 'r5')} || ' ' || ${pick("j -> 'phrases'", 'r12')}
    || ' ' || ${pick("j -> 'phrases'", 'r3')},
  '{}', type, 'active', cur, sp,
  case when has_bid then sp end, case when has_bid then 1 else 0 end,
  to_timestamp(created / 1000.0), to_timestamp(ends / 1000.0), to_timestamp(created / 1000.0),
  case when has_bid then 2 else 0 end,
  jsonb_build_object('id', id, 'sellerId', seller, 'type', type, 'currency', cur, 'startingPrice', sp,
    'reservePrice', null, 'buyNowPrice', case when type = 'english' and r6 < 0.2 then sp * 3 end,
    'startsAt', created, 'endsAt', ends, 'originalEndsAt', ends,
    'softClose', case when type = 'english' then '{"windowSeconds":120,"extensionSeconds":120,"maxExtensions":null}'::jsonb end,
    'extensions', 0,
    'increments', '[{"from":0,"increment":5},{"from":100,"increment":25},{"from":500,"increment":50},{"from":2500,"increment":100},{"from":10000,"increment":250},{"from":25000,"increment":500},{"from":50000,"increment":1000},{"from":100000,"increment":2500},{"from":250000,"increment":5000},{"from":500000,"increment":10000}]'::jsonb,
    'dutch', case when type = 'dutch' then jsonb_build_object('decrement', greatest(1, sp / 100), 'intervalSeconds', 60, 'floorPrice', greatest(1, sp / 4)) end,
    'status', 'active',
    'seq', case when has_bid then 2 else 0 end,
    'currentPrice', case when has_bid then sp end,
    'leaderId', case when has_bid then bidder end,
    'bidders', case when has_bid then jsonb_build_array(jsonb_build_object('bidderId', bidder, 'amount', sp * 2, 'seq', 1,
      'at', created + 60000)) else '[]'::jsonb end,
    'bidCount', case when has_bid then 1 else 0 end,
    'result', null),
  jsonb_build_object(
    'condition', cond,
    'specifications', jsonb_build_array(
      jsonb_build_object('name', 'Brand', 'value', brand),
      jsonb_build_object('name', j -> 'specName' ->> area, 'value', ${pick("j -> 'specValues' -> area", 'r11')}),
      jsonb_build_object('name', 'Year', 'value', (1950 + floor(r4 * 75))::int::text)),
    'location', jsonb_build_object('country', place ->> 0, 'city', place ->> 1,
      'lat', round(((place ->> 2)::numeric + ((r3 - 0.5) * 0.4)::numeric), 4), 'lon', round(((place ->> 3)::numeric + ((r4 - 0.5) * 0.4)::numeric), 4)),
    'shipping', jsonb_build_object('localPickup', r5 < 0.4, 'handlingDays', 1 + floor(r6 * 4)::int, 'options',
      case when r7 < 0.3 then jsonb_build_array(jsonb_build_object('service', 'Parcel', 'cost', 990, 'regions', '["worldwide"]'::jsonb))
        when r7 < 0.7 then jsonb_build_array(jsonb_build_object('service', 'Standard', 'cost', 590, 'regions', jsonb_build_array(place ->> 0)),
          jsonb_build_object('service', 'EU', 'cost', 1490, 'regions', j -> 'eu'))
        else jsonb_build_array(jsonb_build_object('service', 'Standard', 'cost', 490, 'regions', jsonb_build_array(place ->> 0))) end)),
  '[]'::jsonb
from v`;
}

/**
 * The generated demo market: a few hundred listings planned from a seeded random
 * source and the seed's clock, so two seeds at the same time plan the same listings.
 * Pure: no I/O; demo-market.ts carries the plans out through the services.
 */
import type { CreateAuctionRequest } from '../modules/auctions/index.js';
import type { Angle, Subject } from './demo-photos.js';
import { type Line, LINES_A } from './demo-lines.js';
import { LINES_B } from './demo-lines-more.js';
import { DEMO_PLACES, type DemoPlace, demoShipping } from './demo-places.js';
import { type Rng, rng } from './demo-random.js';

/** A demo seller of the generated market: who, where, and what they sell. */
export interface DemoSeller {
  email: string;
  name: string;
  place: DemoPlace;
  lines: string[];
}

export const DEMO_SELLERS: DemoSeller[] = [
  { email: 'alice@demo.gavel', name: 'Alice (seller)', place: DEMO_PLACES.amsterdam, lines: ['camera', 'watch'] },
  { email: 'kamerahaus@demo.gavel', name: 'Kamerahaus Berlin', place: DEMO_PLACES.berlin, lines: ['camera', 'accessory'] },
  { email: 'ticktock@demo.gavel', name: 'Tick & Tock Watches', place: DEMO_PLACES.london, lines: ['watch', 'strap'] },
  { email: 'horloges@demo.gavel', name: 'Horlogerie Lyon', place: DEMO_PLACES.lyon, lines: ['watch', 'strap'] },
  { email: 'galerie@demo.gavel', name: 'Galerie Noord', place: DEMO_PLACES.utrecht, lines: ['print', 'painting'] },
  { email: 'atelier@demo.gavel', name: 'Atelier Wien', place: DEMO_PLACES.vienna, lines: ['painting', 'coin'] },
  { email: 'numis@demo.gavel', name: 'Numis Chicago', place: DEMO_PLACES.chicago, lines: ['coin'] },
  { email: 'groove@demo.gavel', name: 'Groove Records', place: DEMO_PLACES.manchester, lines: ['record'] },
  { email: 'platen@demo.gavel', name: 'Platenzaak Brussel', place: DEMO_PLACES.brussels, lines: ['record', 'book'] },
  { email: 'nordic@demo.gavel', name: 'Nordic Living', place: DEMO_PLACES.copenhagen, lines: ['sideboard'] },
  { email: 'bouquiniste@demo.gavel', name: 'Le Bouquiniste', place: DEMO_PLACES.paris, lines: ['book'] },
  { email: 'retrotech@demo.gavel', name: 'Retro Tech Milano', place: DEMO_PLACES.milan, lines: ['keyboard', 'camera'] },
  { email: 'kicks@demo.gavel', name: 'Kicks Madrid', place: DEMO_PLACES.madrid, lines: ['sneakers'] },
  { email: 'brooklyn@demo.gavel', name: 'Vintage Finds NYC', place: DEMO_PLACES.newYork, lines: ['sideboard', 'record'] },
  { email: 'hanse@demo.gavel', name: 'Hanse Antik', place: DEMO_PLACES.hamburg, lines: ['sideboard', 'coin'] },
];

/** Demo buyers who bid and watch (beside bob and carol, who keep their original roles). */
export const DEMO_BUYERS: { email: string; name: string }[] = [
  { email: 'bob@demo.gavel', name: 'Bob' },
  { email: 'carol@demo.gavel', name: 'Carol' },
  { email: 'dave@demo.gavel', name: 'Dave' },
  { email: 'eva@demo.gavel', name: 'Eva' },
  { email: 'femke@demo.gavel', name: 'Femke' },
  { email: 'giulia@demo.gavel', name: 'Giulia' },
  { email: 'hannes@demo.gavel', name: 'Hannes' },
];

/** Photos per listing subject and seller: each listing shows one of these looks, from 1 to 3 angles. */
export const LOOKS_PER_SUBJECT = 2;
export const ANGLES: Angle[] = ['front', 'side', 'detail'];

/** One listing to create, with what happens to it afterwards. */
export interface ListingPlan {
  seller: string;
  subject: Subject;
  /** Which of the seller's looks of the subject; its photos share colours. */
  look: number;
  angles: Angle[];
  request: Omit<CreateAuctionRequest, 'images'>;
  /** English and sealed: bids in order, by buyer email, in minor units. */
  bids: { bidder: string; amount: number }[];
  watchers: string[];
  views: number;
}

const LINES = new Map<string, Line>([...LINES_A, ...LINES_B].map((l) => [l.key, l]));
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A price in whole units, log-uniform in the range, rounded as a seller would (49, 120, 1,450). */
function price(r: Rng, [min, max]: [number, number]): number {
  const raw = Math.exp(Math.log(min) + r.next() * (Math.log(max) - Math.log(min)));
  const step = raw < 50 ? 1 : raw < 200 ? 5 : raw < 1000 ? 10 : 50;
  return Math.max(step, Math.round(raw / step) * step) * 100;
}

/** When the listing ends: some within the hour, most within days, none later than 10 days. */
function endsIn(r: Rng): number {
  const x = r.next();
  if (x < 0.1) return r.int(8, 55) * MINUTE;
  if (x < 0.3) return r.int(1, 12) * HOUR + r.int(0, 59) * MINUTE;
  return r.int(12, 239) * HOUR + r.int(0, 59) * MINUTE;
}

function auctionTerms(r: Rng, start: number, durationMs: number): Pick<CreateAuctionRequest, 'type' | 'reservePrice' | 'buyNowPrice' | 'dutch'> {
  const x = r.next();
  if (x < 0.08) {
    const floorPrice = Math.round(start * 0.4);
    const intervalSeconds = 300;
    const steps = Math.max(1, Math.floor(durationMs / (intervalSeconds * 1000)));
    return { type: 'dutch', dutch: { decrement: Math.max(1, Math.ceil((start - floorPrice) / steps)), intervalSeconds, floorPrice } };
  }
  if (x < 0.13) return { type: 'sealed_first_price' };
  if (x < 0.18) return { type: 'sealed_second_price', reservePrice: r.chance(0.5) ? Math.round(start * 1.2) : null };
  const reservePrice = r.chance(0.2) ? Math.round(start * (1.3 + r.next() * 0.5)) : null;
  const buyNowPrice = r.chance(0.3) ? Math.round((reservePrice ?? start) * (2 + r.next())) : null;
  return { type: 'english', reservePrice, buyNowPrice };
}

function description(r: Rng, opening: string, condition: string, pickupOnly: boolean): string {
  const state = {
    new: 'New and unused, in the original packaging.',
    like_new: 'Like new: no visible marks.',
    used_good: 'Used with care; light signs of age, nothing that affects use.',
    used_fair: 'Visible wear, honestly described; see the photos.',
    refurbished: 'Professionally refurbished and tested.',
    for_parts: 'Sold as is, for parts or repair.',
  }[condition];
  const extras = [
    'Smoke-free home.',
    'Ask me anything before you bid.',
    'Combined shipping for several lots.',
    'Packed carefully, insured to its full value.',
    'From a private collection, sold in several lots.',
    'Invoice with VAT margin scheme available.',
  ];
  return [opening, state, ...r.some(extras, r.int(0, 2)), ...(pickupOnly ? ['Collection only, by appointment.'] : [])].join(' ');
}

function bidsFor(r: Rng, p: Omit<ListingPlan, 'bids'>, buyers: string[]): ListingPlan['bids'] {
  const { request: q } = p;
  if (q.type === 'dutch' || q.startsAt !== undefined || !r.chance(0.5)) return [];
  const n = q.type === 'english' ? r.int(1, 6) : r.int(1, 3);
  const step = Math.max(100, Math.round(q.startingPrice * 0.12));
  const cap = q.buyNowPrice ?? Number.MAX_SAFE_INTEGER;
  const out: ListingPlan['bids'] = [];
  let amount = q.startingPrice;
  for (let i = 0; i < n; i++) {
    if (amount >= cap) break;
    out.push({ bidder: buyers[(i + r.int(0, buyers.length - 1)) % buyers.length] as string, amount });
    amount += step + Math.round(r.next() * step);
  }
  return out;
}

/** One listing of one seller from one of their lines. */
function planOne(r: Rng, seller: DemoSeller, line: Line, now: number, buyers: string[]): ListingPlan {
  const item = line.make(r);
  const condition = r.pick(line.conditions);
  const pickupOnly = line.bulk === 'freight' && r.chance(0.35);
  const scheduled = r.chance(0.05);
  const startsAt = scheduled ? now + r.int(1, 24) * HOUR : now;
  // A scheduled listing runs at least a day, and like every other ends within ten days of the seed.
  const durationMs = Math.min(Math.max(endsIn(r), scheduled ? 24 * HOUR : 0), 10 * 24 * HOUR - (startsAt - now));
  const startingPrice = price(r, line.price);
  // Most sellers sell in their own currency; a few euro-area sellers price in dollars for collectors abroad.
  const currency = seller.place.currency === 'EUR' && r.chance(0.05) ? 'USD' : seller.place.currency;
  const plan: Omit<ListingPlan, 'bids'> = {
    seller: seller.email,
    subject: line.subject,
    look: r.int(0, LOOKS_PER_SUBJECT - 1),
    angles: r.some(ANGLES, r.int(1, 3)),
    request: {
      title: item.title,
      description: description(r, item.opening, condition, pickupOnly),
      categoryId: item.categoryId,
      currency,
      startingPrice,
      ...auctionTerms(r, startingPrice, durationMs),
      ...(scheduled ? { startsAt: new Date(startsAt).toISOString() } : {}),
      endsAt: new Date(startsAt + durationMs).toISOString(),
      condition,
      specifications: item.specs.slice(0, 8),
      location: seller.place.location,
      shipping: demoShipping(seller.place.location.country, line.bulk, pickupOnly, r.next),
    },
    watchers: r.some(buyers, Math.floor(r.next() ** 2 * 5)),
    views: Math.floor(r.next() ** 3 * 150),
  };
  return { ...plan, bids: bidsFor(r, plan, buyers) };
}

/** The generated listings (340 of them), the same for the same seed and time. */
export function planListings(now: number, seed = 'gavel-demo', count = 340): ListingPlan[] {
  const r = rng(seed);
  const buyers = DEMO_BUYERS.map((b) => b.email);
  const out: ListingPlan[] = [];
  for (let i = 0; i < count; i++) {
    const seller = DEMO_SELLERS[i % DEMO_SELLERS.length] as DemoSeller;
    const line = LINES.get(r.pick(seller.lines));
    if (!line) throw new Error(`unknown demo line in ${seller.email}`);
    out.push(planOne(r, seller, line, now, buyers));
  }
  return out;
}

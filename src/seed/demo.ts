import { availableParallelism } from 'node:os';
import type { Services } from '../app.js';
import type { ItemCondition, Specification } from '../shared/api/auctions.js';
import { variantPath } from '../modules/uploads/index.js';
import type { Clock } from '../platform/clock.js';
import type { Sql } from '../platform/db.js';
import type { Logger } from '../platform/logger.js';
import { DEMO_CATEGORIES } from './demo-catalog.js';
import { DEMO_BUYERS, DEMO_SELLERS } from './demo-listings.js';
import { seedMarket } from './demo-market.js';
import { DEMO_PLACES, demoShipping } from './demo-places.js';
import { makePhotos, type PhotoSpec, type Subject } from './demo-photos.js';
import { mapLimit } from './photo.scene.js';
import { rng } from './demo-random.js';

export { DEMO_CATEGORIES } from './demo-catalog.js';

/** Password of every demo account (shown in the README). */
export const DEMO_PASSWORD = 'gavel-demo-1234';
/** The demo administrator, who signs in with a TOTP code of this fixed secret (demo only; README and start banner show it). */
export const DEMO_ADMIN_EMAIL = 'admin@demo.gavel';
export const DEMO_ADMIN_TOTP_SECRET = 'GAVELDEMOADMINTOTPSECRETJBSWY3DP';

/** Every demo account but the administrator: the market's sellers (Alice first) and buyers (Bob and Carol first). */
export const DEMO_USERS: { email: string; name: string }[] = [...DEMO_SELLERS, ...DEMO_BUYERS].map(({ email, name }) => ({ email, name }));

/**
 * On first start with an empty database, creates demo users, the category tree and
 * a market of a few hundred listings so a newcomer sees something real. Does
 * nothing when any user exists. Time comes from `clock`, randomness from a fixed
 * seed: the same start time seeds the same listings.
 */
export async function seedDemo(services: Services, sql: Sql, log: Logger, clock: Clock): Promise<boolean> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from users where not ('admin' = any(roles))`;
  if ((row?.n ?? 0) > 0) return false;
  const started = performance.now();
  // A demo administrator, so the admin pages can be tried too (only on a fresh demo database).
  const admin = await services.identity.ensureAdmin(DEMO_ADMIN_EMAIL, DEMO_PASSWORD, 'Demo admin');
  if (admin.ok) await services.mfa.enrollKnownSecret(admin.value.id, DEMO_ADMIN_TOTP_SECRET);
  await seedCategories(services, admin.ok ? admin.value.id : null);
  const created = await mapLimit(DEMO_USERS, 2, (u) => services.identity.createUser(u.email, DEMO_PASSWORD, u.name));
  const byEmail = new Map(created.map((u) => [u.email, u.id]));
  const users = ['alice@demo.gavel', 'bob@demo.gavel', 'carol@demo.gavel'].map((e) => ({ id: byEmail.get(e) ?? '', roles: [] as string[] }));
  await seedPayments(services, created, clock);
  const drawing = performance.now();
  const photos = await seedPhotos(services, users[0]?.id ?? '');
  await seedAuctions(services, users, photos, clock);
  await seedFlashSale(services, users, photos, clock);
  const market = await seedMarket(services, clock, byEmail);
  log.info(
    {
      users: [...created.map((u) => u.email), admin.ok ? admin.value.email : null].filter(Boolean),
      password: DEMO_PASSWORD,
      photos: Object.values(photos).flat().length + market.photos,
      photosAndListingsMs: Math.round(performance.now() - drawing),
      totalMs: Math.round(performance.now() - started),
      market,
    },
    'demo data created',
  );
  return true;
}

/** The category tree, then the rules of the categories that set some (through the admin, so they are audited). */
async function seedCategories(services: Services, adminId: string | null): Promise<void> {
  for (const [i, c] of DEMO_CATEGORIES.entries()) {
    await services.catalog.upsert({ id: c.id, name: c.name, parentId: c.parentId, increments: null, sortOrder: i });
  }
  if (adminId === null) return;
  for (const c of DEMO_CATEGORIES) if (c.rules) await services.catalog.update(adminId, c.id, { rules: c.rules });
}

const HOUR = 3_600_000;

/** Each demo listing's photographs: the object, and the shots with their alt text. */
const LISTING_PHOTOS = {
  leica: ['camera', ['front', 'Leica M3, front view'], ['side', 'Leica M3 seen from the side'], ['detail', 'Lens and rangefinder windows, close up']],
  omega: ['watch', ['front', 'Omega Seamaster dial, face on'], ['top', 'The watch on its strap, at an angle'], ['detail', 'Dial and hands, close up']],
  litho: ['painting', ['front', 'The framed lithograph'], ['side', 'The frame from the side'], ['detail', 'Detail of the print']],
  cent: ['coin', ['front', 'Obverse of the cent in its case'], ['detail', 'The portrait, close up']],
  sideboard: ['sideboard', ['front', 'Teak sideboard, front'], ['side', 'The sideboard from the side'], ['detail', 'Doors and brass handles']],
  keyboard: ['keyboard', ['front', 'Mechanical keyboard from above'], ['side', 'The keyboard at an angle'], ['detail', 'Keycaps, close up']],
  sneakers: ['sneakers', ['front', 'A pair of retro running shoes'], ['side', 'The shoes at an angle'], ['detail', 'Laces and stripe, close up']],
  film: ['film', ['front', 'Film box and two canisters']],
  lenscap: ['lenscap', ['front', 'Black lens cap with a knurled rim']],
  strap: ['strap', ['front', 'Striped NATO strap with steel buckle']],
} satisfies Record<string, [Subject, ...[PhotoSpec['angle'], string][]]>;

/** The uploaded photos of each demo listing. */
type DemoPhotos = Record<keyof typeof LISTING_PHOTOS, { uploadId: string; alt: string }[]>;

/**
 * Draws every listing's photographs and stores them through the uploads module,
 * so they have variants like any seller's upload.
 */
async function seedPhotos(services: Services, ownerId: string): Promise<DemoPhotos> {
  const specs = Object.entries(LISTING_PHOTOS).flatMap(([listing, [subject, ...shots]]) =>
    shots.map(([angle, alt]) => ({ listing, spec: { subject, angle, alt, seed: `demo:${listing}` } })),
  );
  const stored = await makePhotos(
    specs.map((s) => s.spec),
    async (jpeg, spec) => {
      const up = await services.uploads.upload(ownerId, 'image/jpeg', jpeg);
      if (!up.ok) throw new Error(`demo photo refused: ${up.error.message}`);
      return { uploadId: up.value.id, alt: spec.alt };
    },
    Math.max(2, availableParallelism()),
  );
  const out = Object.fromEntries(Object.keys(LISTING_PHOTOS).map((k) => [k, [] as { uploadId: string; alt: string }[]]));
  specs.forEach((s, i) => out[s.listing]?.push(stored[i] as { uploadId: string; alt: string }));
  return out as DemoPhotos;
}

/** Item details of the original listings: sold from Amsterdam, like the rest of Alice's. */
function details(condition: ItemCondition, bulk: Parameters<typeof demoShipping>[1], specs: [string, string][]) {
  const { location } = DEMO_PLACES.amsterdam;
  const specifications: Specification[] = specs.map(([name, value]) => ({ name, value }));
  return { condition, specifications, location, shipping: demoShipping(location.country, bulk, false, rng(`demo:${specs[0]?.[1]}`).next) };
}

/** A handful of live auctions of every type, some with bids, so the pages have something to show. */
async function seedAuctions(services: Services, users: { id: string; roles: string[] }[], photos: DemoPhotos, clock: Clock): Promise<void> {
  const [alice, bob, carol] = users;
  if (!alice || !bob || !carol) return;
  const now = clock.now();
  const seller = { userId: alice.id, roles: [], isAdmin: false, tokenHash: Buffer.alloc(0) };
  const as = (u: { id: string }) => ({ userId: u.id, roles: [], isAdmin: false, tokenHash: Buffer.alloc(0) });
  const at = (ms: number) => new Date(now + ms).toISOString();
  const english = await services.auctions.create(seller, {
    title: 'Vintage Leica M3 rangefinder',
    images: photos.leica,
    description: 'Double-stroke M3 from 1955, serviced last year. Shutter speeds accurate, clean viewfinder.',
    categoryId: 'cameras',
    ...details('used_good', 'parcel', [['Brand', 'Leica'], ['Model', 'M3'], ['Year', '1955'], ['Finish', 'Chrome'], ['Lens', 'Summicron 50mm f/2']]),
    type: 'english',
    currency: 'EUR',
    startingPrice: 50_000,
    reservePrice: 90_000,
    buyNowPrice: 180_000,
    endsAt: at(2 * HOUR),
  });
  await services.auctions.placeBid(as(bob), english.id, 60_000, null);
  await services.auctions.placeBid(as(carol), english.id, 75_000, null);
  const ending = await services.auctions.create(seller, {
    title: 'Omega Seamaster 300 (1967)',
    images: photos.omega,
    description: 'Original dial and hands; a watch with a story. Soft close: bids in the last 2 minutes extend the end.',
    categoryId: 'watches',
    ...details('used_good', 'small', [['Brand', 'Omega'], ['Model', 'Seamaster 300'], ['Year', '1967'], ['Movement', 'Automatic, cal. 552']]),
    type: 'english',
    currency: 'EUR',
    startingPrice: 120_000,
    endsAt: at(10 * 60_000),
  });
  await services.auctions.placeBid(as(carol), ending.id, 130_000, null);
  await services.auctions.create(seller, {
    title: 'Signed lithograph, numbered 12/50',
    images: photos.litho,
    description: 'Dutch auction: the price drops every minute until someone accepts.',
    categoryId: 'art',
    ...details('like_new', 'parcel', [['Technique', 'Lithograph'], ['Edition', '12/50'], ['Signed', 'Hand-signed in pencil']]),
    type: 'dutch',
    currency: 'EUR',
    startingPrice: 80_000,
    endsAt: at(3 * HOUR),
    dutch: { decrement: 1_000, intervalSeconds: 60, floorPrice: 30_000 },
  });
  const sealed = await services.auctions.create(seller, {
    title: '1909-S VDB Lincoln cent, graded',
    images: photos.cent,
    description: 'Sealed second-price auction: the highest bid wins and pays the second-highest bid.',
    categoryId: 'coins',
    ...details('used_good', 'small', [['Year', '1909'], ['Country', 'United States'], ['Mint mark', 'S'], ['Grade', 'VF-30']]),
    type: 'sealed_second_price',
    currency: 'USD',
    startingPrice: 100_000,
    reservePrice: 150_000,
    endsAt: at(24 * HOUR),
  });
  await services.auctions.placeBid(as(bob), sealed.id, 160_000, null);
  await services.auctions.create(seller, {
    title: 'Mid-century teak sideboard',
    images: photos.sideboard,
    description: 'Sealed first-price: pay what you bid.',
    categoryId: 'sideboards',
    ...details('used_fair', 'freight', [['Wood', 'Teak'], ['Width', '180 cm'], ['Handles', 'Brass']]),
    type: 'sealed_first_price',
    currency: 'EUR',
    startingPrice: 20_000,
    endsAt: at(6 * HOUR),
  });
  await services.auctions.create(seller, {
    title: 'Mechanical keyboard, hand-lubed switches',
    images: photos.keyboard,
    description: 'Starts later today.',
    categoryId: 'electronics',
    ...details('like_new', 'parcel', [['Switches', 'Cherry MX Brown, hand-lubed'], ['Layout', 'ISO-DE'], ['Connection', 'USB-C']]),
    type: 'english',
    currency: 'EUR',
    startingPrice: 5_000,
    startsAt: at(HOUR),
    endsAt: at(5 * HOUR),
  });
  await services.auctions.create(seller, {
    title: 'Retro running sneakers, EU 42',
    images: photos.sneakers,
    description: 'Worn twice, original box. Suede upper, gum sole.',
    categoryId: 'fashion',
    ...details('used_good', 'parcel', [['Size', 'EU 42'], ['Upper', 'Suede'], ['Sole', 'Gum'], ['Original box', 'Yes']]),
    type: 'english',
    currency: 'EUR',
    startingPrice: 4_000,
    endsAt: at(4 * HOUR),
  });
}

/**
 * Commission per demo category, and a sandbox Visa (4242...) as every demo user's
 * default payment method, so won auctions settle out of the box.
 */
async function seedPayments(services: Services, users: { id: string }[], clock: Clock): Promise<void> {
  await services.payments.commission.setCategorySettings('art', { commissionBps: 1500, commissionMin: 500 });
  await services.payments.commission.setCategorySettings('watches', {
    commissionBps: 800,
    commissionMin: 500,
    commissionCap: 50_000,
    preauthThreshold: 500_000,
  });
  await services.payments.commission.setCategorySettings('coins', { commissionBps: 600 });
  const sandbox = services.payments.sandboxGateway;
  if (!sandbox) return;
  for (const u of users) {
    const card = await sandbox.tokenize(
      { number: '4242424242424242', expMonth: 12, expYear: new Date(clock.now()).getUTCFullYear() + 5, cvc: '123' },
      u.id,
    );
    await services.payments.methods.addMethod(u.id, card.token);
  }
}

/** A live flash sale with two items (one nearly gone) and a sale that starts in an hour. */
async function seedFlashSale(services: Services, users: { id: string }[], photos: DemoPhotos, clock: Clock): Promise<void> {
  const [alice, bob] = users;
  if (!alice || !bob) return;
  const now = clock.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const seller = { userId: alice.id, roles: [], isAdmin: false, tokenHash: Buffer.alloc(0) };
  const image = (key: 'film' | 'lenscap' | 'strap') => {
    const first = photos[key][0];
    return first ? { imageUrl: variantPath(first.uploadId, 'listing') } : {};
  };
  const live = await services.flashSales.create(seller, {
    title: 'Midnight camera drop',
    description: 'Fixed prices, limited stock, two per buyer. Reserved units are held for 10 minutes.',
    startsAt: at(-60_000),
    endsAt: at(2 * HOUR),
    items: [
      { sku: 'FILM-400-5', title: 'Portra 400 film, 5-pack', ...image('film'), price: 5_900, currency: 'EUR', stock: 50, perUserLimit: 2 },
      { sku: 'LENS-CAP-39', title: 'Leica-style 39 mm lens cap', ...image('lenscap'), price: 1_500, currency: 'EUR', stock: 3, perUserLimit: 2 },
    ],
  });
  const cap = live.items[1];
  if (cap) await services.flashSales.reserve({ ...seller, userId: bob.id }, live.id, cap.id, 2, null, '127.0.0.1');
  await services.flashSales.create(seller, {
    title: 'Watch straps: early bird',
    startsAt: at(HOUR),
    endsAt: at(HOUR + 30 * 60_000),
    items: [{ sku: 'STRAP-NATO-20', title: 'NATO strap, 20 mm', ...image('strap'), price: 1_200, currency: 'EUR', stock: 200, perUserLimit: 3 }],
  });
}

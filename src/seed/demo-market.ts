/**
 * Carries out the generated demo market (demo-listings.ts) through the services, as
 * a seller and bidders would: listings through the auction service (so category
 * rules are checked), bids through the engine, watchers through the watchlist and
 * page views through the view counter, so search facets and trending see real data.
 */
import { availableParallelism } from 'node:os';
import type { Services } from '../app.js';
import type { Clock } from '../platform/clock.js';
import type { Angle } from './demo-photos.js';
import { photoSvg } from './demo-photos.js';
import { type ListingPlan, planListings } from './demo-listings.js';
import { mapLimit, renderPhoto } from './photo.scene.js';

type Photo = { uploadId: string; alt: string };
const principal = (userId: string) => ({ userId, roles: [], isAdmin: false, tokenHash: Buffer.alloc(0) });

const ANGLE_WORDS: Record<Angle, string> = { front: 'front view', side: 'seen from the side', detail: 'close-up', top: 'from above' };

/**
 * The photos of every listing. Hundreds of listings share a small pool: one drawing
 * per subject, look and angle, uploaded once per seller who shows it (a listing may
 * only show its seller's uploads), and reused by that seller's listings of the look.
 */
async function poolPhotos(services: Services, plans: ListingPlan[], users: Map<string, string>): Promise<Photo[][]> {
  const key = (p: ListingPlan, a: Angle) => `${p.seller}|${p.subject}|${p.look}|${a}`;
  const wanted = [...new Set(plans.flatMap((p) => p.angles.map((a) => key(p, a))))].sort();
  const drawings = new Map<string, Promise<Buffer>>();
  const draw = (subject: string, look: string, angle: string) => {
    const k = `${subject}|${look}|${angle}`;
    let d = drawings.get(k);
    if (!d) {
      d = renderPhoto(photoSvg({ subject: subject as ListingPlan['subject'], angle: angle as Angle, seed: `demo:${subject}:${look}` }));
      drawings.set(k, d);
    }
    return d;
  };
  // Drawing and uploading in one queue keeps both kinds of work on every core.
  const ids = await mapLimit(wanted, Math.max(2, availableParallelism()) + 1, async (k) => {
    const [seller = '', subject = '', look = '', angle = ''] = k.split('|');
    const up = await services.uploads.upload(users.get(seller) ?? '', 'image/jpeg', await draw(subject, look, angle));
    if (!up.ok) throw new Error(`demo photo refused: ${up.error.message}`);
    return up.value.id;
  });
  const byKey = new Map(wanted.map((k, i) => [k, ids[i] as string]));
  return plans.map((p) => p.angles.map((a) => ({ uploadId: byKey.get(key(p, a)) ?? '', alt: `${p.request.title}, ${ANGLE_WORDS[a]}` })));
}

/** What seeding the market made, for the log. */
export interface MarketSummary {
  listings: number;
  photos: number;
  bids: number;
  refusedBids: number;
  watchers: number;
  /** Time spent drawing and uploading the photos (the bulk of the seed). */
  photosMs: number;
}

/**
 * Creates the generated listings with photos, bids, watchers and views. `users`
 * maps every demo email to its user id. Bids run per listing in order, listings side by side.
 */
export async function seedMarket(services: Services, clock: Clock, users: Map<string, string>): Promise<MarketSummary> {
  const plans = planListings(clock.now());
  const drawing = performance.now();
  const photos = await poolPhotos(services, plans, users);
  const photosMs = Math.round(performance.now() - drawing);
  const ids = await mapLimit(plans, 4, async (p, i) => {
    const created = await services.auctions.create(principal(users.get(p.seller) ?? ''), { ...p.request, images: photos[i] ?? [] });
    return created.id;
  });
  let bids = 0;
  let refusedBids = 0;
  await mapLimit(plans, 8, async (p, i) => {
    for (const b of p.bids) {
      try {
        const r = await services.auctions.placeBid(principal(users.get(b.bidder) ?? ''), ids[i] ?? '', b.amount, null);
        if (r.statusCode < 300) bids++;
        else refusedBids++;
      } catch {
        // A bid the rules refuse (an increment band the plan did not foresee) is left out, like a real bidder's.
        refusedBids++;
      }
    }
  });
  const watches = plans.flatMap((p, i) => p.watchers.map((w) => [users.get(w) ?? '', ids[i] ?? ''] as const));
  await mapLimit(watches, 8, ([userId, auctionId]) => services.watchlist.watch(userId, auctionId));
  plans.forEach((p, i) => {
    for (let v = 0; v < p.views; v++) services.views.record(ids[i] ?? '', `a:demo-visitor-${v}`);
  });
  await services.views.flush();
  return { listings: ids.length, photos: new Set(photos.flat().map((x) => x.uploadId)).size, bids, refusedBids, watchers: watches.length, photosMs };
}

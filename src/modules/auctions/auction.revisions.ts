import type { Clock } from '../../platform/clock.js';
import type { Sql, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import {
  type AddendumBody,
  type AdminRevision,
  MAX_AUCTION_IMAGES,
  type RevisionKind,
  type RevisionView,
  type Specification,
} from '../../shared/api/auctions.js';
import { listingUrl, presentImages, requestedImages, type StoredImage, type UploadLookup } from './auction.images.js';
import { notFound } from './auction.queries.js';
import type { AuctionRepository } from './auction.repository.js';
import type { ItemDetails } from './domain/index.js';

const MAX_DESCRIPTION = 20_000;
const MAX_SPECIFICATIONS = 50;

/** The listing columns an edit before the first bid may change. */
export interface ListingPatch {
  title?: string;
  description?: string;
  imageUrls?: string[];
  images?: StoredImage[];
  details?: Partial<ItemDetails>;
}

interface RevisionRow {
  at: Date;
  kind: RevisionKind;
  change: Record<string, unknown>;
  by_user_id: string;
}

const hasBids = (): AppError =>
  new AppError('AUCTION_HAS_BIDS', 'The auction can no longer be edited after the first bid; only additions are possible', undefined, 409);
const invalid = (message: string, field: string, rule: string) => new AppError('INVALID_LISTING', message, { field, rule }, 422);

/**
 * A listing's dated revisions: edits before the first bid, additions at any time
 * while open. "No bids yet" is checked by the write itself (the update matches only
 * while the event log holds no bid of the auction), not by an earlier read.
 */
export class AuctionRevisions {
  constructor(
    private readonly deps: {
      sql: Sql;
      clock: Clock;
      repo: AuctionRepository;
      uploads: UploadLookup | null;
      /** Told after a listing's columns changed (caches of listings drop it). */
      changed?: (auctionId: string) => void;
    },
  ) {}

  /** Writes a pre-bid edit of the listing columns and records it; 409 AUCTION_HAS_BIDS when a bid got there first. */
  async editListing(auctionId: string, byUserId: string, patch: ListingPatch, sent: Record<string, unknown>): Promise<void> {
    await this.deps.sql.begin(async (tx) => {
      const rows = await tx`
        update auctions set
          title = coalesce(${patch.title ?? null}, title),
          description = coalesce(${patch.description ?? null}, description),
          image_urls = coalesce(${patch.imageUrls ?? null}::text[], image_urls),
          images = coalesce(${patch.images ? tx.json(patch.images as never) : null}::jsonb, images),
          details = details || ${tx.json((patch.details ?? {}) as never)}
        where id = ${auctionId}
          and not exists (select 1 from auction_events e where e.auction_id = ${auctionId} and e.type = 'bid_placed')
        returning id`;
      if (rows.length === 0) throw hasBids();
      await this.insert(tx, auctionId, byUserId, [['edit', sent]]);
    });
    this.deps.changed?.(auctionId);
  }

  /** Appends the addendum's parts (seller only, while open); each part is one dated revision. */
  async add(p: Principal, auctionId: string, body: AddendumBody): Promise<void> {
    if (!isUuid(auctionId)) throw notFound();
    if (body.description === undefined && body.images === undefined && body.specifications === undefined) {
      throw invalid('Add a description, photos or specifications', 'body', 'required');
    }
    const rec = await this.deps.repo.get(auctionId);
    if (!rec) throw notFound();
    if (rec.sellerId !== p.userId) throw new AppError('FORBIDDEN', 'Only the seller can add to this auction', undefined, 403);
    const s = rec.state;
    if (s.status === 'closed' || s.status === 'cancelled' || this.deps.clock.now() >= s.endsAt) {
      throw new AppError('AUCTION_NOT_ACTIVE', 'The auction is no longer open', { status: s.status }, 409);
    }
    const images = body.images ? await requestedImages(p.userId, { images: body.images }, this.deps.uploads) : undefined;
    const text = body.description?.trim();
    if (body.description !== undefined && !text) throw invalid('The addendum must not be empty', 'description', 'required');
    await this.deps.sql.begin(async (tx) => {
      // Locks the row so two additions cannot both pass the limits.
      const [cur] = await tx<{ description: string; images: StoredImage[]; details: Partial<ItemDetails> }[]>`
        select description, images, details from auctions where id = ${auctionId} for update`;
      if (!cur) throw notFound();
      const specs = body.specifications ? newSpecifications(cur.details.specifications ?? [], body.specifications) : undefined;
      const allImages = images ? [...cur.images, ...images] : undefined;
      if (allImages && allImages.length > MAX_AUCTION_IMAGES) {
        throw invalid(`A listing has at most ${MAX_AUCTION_IMAGES} photos`, 'images', 'maxItems');
      }
      const description = text ? (cur.description ? `${cur.description}\n\n${text}` : text) : undefined;
      if (description && description.length > MAX_DESCRIPTION) {
        throw invalid(`The description may be at most ${MAX_DESCRIPTION} characters in all`, 'description', 'maxLength');
      }
      await tx`
        update auctions set
          description = coalesce(${description ?? null}, description),
          images = coalesce(${allImages ? tx.json(allImages as never) : null}::jsonb, images),
          image_urls = coalesce(${allImages?.map(listingUrl) ?? null}::text[], image_urls),
          details = details || ${tx.json((specs ? { specifications: [...(cur.details.specifications ?? []), ...specs] } : {}) as never)}
        where id = ${auctionId}`;
      const parts: [RevisionKind, Record<string, unknown>][] = [];
      if (text) parts.push(['description', { description: text }]);
      if (images) parts.push(['images', { images }]);
      if (specs) parts.push(['specifications', { specifications: specs }]);
      await this.insert(tx, auctionId, p.userId, parts);
    });
    this.deps.changed?.(auctionId);
  }

  /** The additions bidders see, oldest first (pre-bid edits are not shown: they are simply the listing). */
  async publicOf(auctionId: string, title: string): Promise<RevisionView[]> {
    const rows = await this.deps.sql<RevisionRow[]>`
      select at, kind, change, by_user_id from auction_revisions
      where auction_id = ${auctionId} and kind <> 'edit' order by at, id`;
    return rows.map((r) => {
      const c = r.change;
      const view: RevisionView = { at: r.at.toISOString(), kind: r.kind };
      if (typeof c.description === 'string') view.description = c.description;
      if (Array.isArray(c.images)) view.images = presentImages(c.images as StoredImage[], title);
      if (Array.isArray(c.specifications)) view.specifications = c.specifications as Specification[];
      return view;
    });
  }

  /** The full history (admin): edits before the first bid and every addition, with who made them. */
  async history(auctionId: string): Promise<AdminRevision[]> {
    if (!isUuid(auctionId) || !(await this.deps.repo.get(auctionId))) throw notFound();
    const rows = await this.deps.sql<RevisionRow[]>`
      select at, kind, change, by_user_id from auction_revisions where auction_id = ${auctionId} order by at, id`;
    return rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, byUserId: r.by_user_id, change: r.change }));
  }

  private async insert(tx: Tx, auctionId: string, byUserId: string, parts: [RevisionKind, Record<string, unknown>][]): Promise<void> {
    const at = new Date(this.deps.clock.now());
    for (const [kind, change] of parts) {
      await tx`
        insert into auction_revisions (auction_id, at, kind, change, by_user_id)
        values (${auctionId}, ${at}, ${kind}, ${tx.json(change as never)}, ${byUserId})`;
    }
  }
}

/** The added specifications, trimmed; a name the listing (or the addendum) already has is a 422, as is more than 50 in all. */
function newSpecifications(existing: Specification[], added: Specification[]): Specification[] {
  const seen = new Set(existing.map((s) => s.name.trim().toLowerCase()));
  const out = added.map(({ name, value }) => ({ name: name.trim(), value }));
  out.forEach((s, i) => {
    const key = s.name.toLowerCase();
    if (!key || seen.has(key)) throw invalid(`The listing already has a specification named '${s.name}'`, `specifications/${i}/name`, 'unique');
    seen.add(key);
  });
  if (existing.length + out.length > MAX_SPECIFICATIONS) {
    throw invalid(`A listing has at most ${MAX_SPECIFICATIONS} specifications`, 'specifications', 'maxItems');
  }
  return out;
}

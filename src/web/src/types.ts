// Shapes of the public API (see /docs/json). Kept by hand beside the client
// until the server exports shared types in src/shared/.

/** The signed-in user. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
}

/** A catalog category (tree through parentId). */
export interface Category {
  id: string;
  name: string;
  parentId: string | null;
}

export type AuctionType = 'english' | 'dutch' | 'sealed_first_price' | 'sealed_second_price';
export type AuctionStatus = 'scheduled' | 'active' | 'closed' | 'cancelled';

/** Public view of an auction, as GET /auctions/:id answers it. */
export interface Auction {
  id: string;
  sellerId: string;
  categoryId: string | null;
  title: string;
  description: string;
  imageUrls: string[];
  type: AuctionType;
  status: AuctionStatus;
  currency: string;
  startingPrice: number;
  currentPrice: number | null;
  minimumBid: number | null;
  bidCount: number;
  hasReserve: boolean;
  reserveMet: boolean | null;
  buyNowPrice: number | null;
  buyNowAvailable: boolean;
  startsAt: string;
  endsAt: string;
  originalEndsAt: string;
  extensions: number;
  softClose: { windowSeconds: number; extensionSeconds: number; maxExtensions?: number | null } | null;
  dutch: { decrement: number; intervalSeconds: number; floorPrice: number } | null;
  leadingBidder: string | null;
  result: { outcome: string; winnerId: string | null; price: number | null } | null;
  seq: number;
  serverTime: string;
  createdAt: string;
  viewer?: { isSeller: boolean; myMax: number | null; leading: boolean | null };
}

/** One bid in the history (aliases, never user ids). */
export interface Bid {
  id: string;
  amount: number;
  bidder: string;
  createdAt: string;
  kind: string;
  mine?: boolean;
  maxAmount?: number;
}

export interface BidResponse {
  bid: { id: string; amount: number | null; createdAt: string };
  auction: { currentPrice: number | null; endsAt: string; leading: boolean | null; status: string; seq: number };
}

export interface MyBid {
  auction: Auction;
  myMax: number | null;
  leading: boolean | null;
  won: boolean | null;
}

export interface Notification {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Sort = 'ending_soon' | 'newest' | 'price_asc' | 'price_desc';

export interface AuctionQuery {
  status?: string;
  type?: AuctionType;
  categoryId?: string;
  sellerId?: string;
  q?: string;
  minPrice?: number;
  maxPrice?: number;
  sort?: Sort;
  limit?: number;
  cursor?: string;
}

export interface CreateAuction {
  title: string;
  description?: string;
  categoryId?: string | null;
  imageUrls?: string[];
  type: AuctionType;
  currency: string;
  startingPrice: number;
  reservePrice?: number | null;
  buyNowPrice?: number | null;
  startsAt?: string;
  endsAt: string;
  softClose?: { windowSeconds: number; extensionSeconds: number; maxExtensions?: number | null } | null;
  dutch?: { decrement: number; intervalSeconds: number; floorPrice: number };
}

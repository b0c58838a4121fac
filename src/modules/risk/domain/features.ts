import type { BidFeatures, SellerLinks } from './score.js';
import { KeyedWindows } from './window.js';

/**
 * The engine's memory: velocity windows and per-bidder, per-auction and per-category
 * statistics, fed from committed events and request signals. Reading the features of
 * a bid touches only these maps (no I/O); every map is bounded.
 */

/** The part of an auction's state the features need. */
export interface AuctionFacts {
  sellerId: string;
  startsAt: number;
  endsAt: number;
  reservePrice: number | null;
}

/** A committed bid or close, as the engine folds it. */
export type RiskEvent =
  | { type: 'bid'; at: number; bidderId: string; amount: number; maxAmount: number; manual: boolean }
  | { type: 'closed'; at: number; winnerId: string | null; price: number | null; ranking: { bidderId: string; amount: number }[] };

/** Who the bidder is, from the identity module and payment methods. */
export interface UserFacts {
  createdAt: number | null;
  level: BidFeatures['verification'];
  cards: readonly string[];
  emailDomain: string | null;
}

interface BidderInAuction {
  bids: number;
  first: number;
  last: number;
  smallSteps: number;
  max: number;
}

interface AuctionStats extends AuctionFacts {
  bids: number;
  price: number | null;
  leader: string | null;
  bidders: Map<string, BidderInAuction>;
  closed: boolean;
}

interface BidderStats {
  /** auction id -> seller id, of the auctions bid on (bounded). */
  auctions: Map<string, string>;
  closed: number;
  wins: number;
  lastBiddingSum: number;
  stoppedBelowReserve: number;
}

const MAX_AUCTIONS = 50_000;
const MAX_USERS = 200_000;
const MAX_IDS_PER_USER = 16;
const PRICE_SAMPLES = 51;
const DAY_MS = 86_400_000;
const SMALL_STEP = 1.05;

function bounded<K, V>(map: Map<K, V>, max: number): void {
  if (map.size < max) return;
  let drop = Math.floor(max / 4);
  for (const k of map.keys()) {
    if (drop-- <= 0) break;
    map.delete(k);
  }
}

function addBounded(set: Set<string>, value: string): void {
  if (set.has(value)) return;
  if (set.size >= MAX_IDS_PER_USER) set.delete(set.values().next().value as string);
  set.add(value);
}

function median(xs: readonly number[]): number | null {
  if (xs.length < 5) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? null;
}

/** Incremental features of bidders, auctions and networks. */
export class RiskState {
  private readonly userWindows = new KeyedWindows();
  private readonly prefixWindows = new KeyedWindows();
  private readonly deviceWindows = new KeyedWindows();
  private readonly prefixes = new Map<string, Set<string>>();
  private readonly devices = new Map<string, Set<string>>();
  private readonly cards = new Map<string, Set<string>>();
  private readonly auctions = new Map<string, AuctionStats>();
  private readonly bidders = new Map<string, BidderStats>();
  private readonly categoryPrices = new Map<string, number[]>();
  private readonly declines = new Map<string, number[]>();
  private readonly lastIps = new Map<string, string>();

  /** The address the user last came from (payment screening compares its country with the card's). */
  noteIp(userId: string, ip: string): void {
    this.lastIps.delete(userId);
    bounded(this.lastIps, MAX_USERS);
    this.lastIps.set(userId, ip);
  }

  lastIp(userId: string): string | null {
    return this.lastIps.get(userId) ?? null;
  }

  /** A request from this user came from this network and device (logins, bids). */
  noteIdentity(userId: string, ipPrefix: string | null, deviceId: string | null): void {
    if (ipPrefix) addBounded(this.idSet(this.prefixes, userId), ipPrefix);
    if (deviceId) addBounded(this.idSet(this.devices, userId), deviceId);
  }

  noteCards(userId: string, fingerprints: readonly string[]): void {
    for (const fp of fingerprints) addBounded(this.idSet(this.cards, userId), fp);
  }

  /** One bid attempt (accepted or not: a script keeps trying) for the velocity windows. */
  noteAttempt(userId: string, ipPrefix: string | null, deviceId: string | null, now: number): void {
    this.userWindows.hit(userId, now);
    if (ipPrefix) this.prefixWindows.hit(ipPrefix, now);
    if (deviceId) this.deviceWindows.hit(deviceId, now);
  }

  noteDecline(userId: string, now: number): void {
    bounded(this.declines, MAX_USERS);
    const xs = (this.declines.get(userId) ?? []).filter((t) => t > now - DAY_MS);
    xs.push(now);
    this.declines.set(userId, xs.slice(-20));
  }

  /** Folds committed events of one auction. */
  committed(auctionId: string, facts: AuctionFacts, categoryId: string | null, events: readonly RiskEvent[]): void {
    const a = this.auctionStats(auctionId, facts);
    for (const e of events) {
      if (e.type === 'bid') this.bid(auctionId, a, e);
      else this.closed(a, categoryId, e);
    }
  }

  private bid(auctionId: string, a: AuctionStats, e: Extract<RiskEvent, { type: 'bid' }>): void {
    if (e.manual) {
      let b = a.bidders.get(e.bidderId);
      if (!b) {
        b = { bids: 0, first: e.at, last: e.at, smallSteps: 0, max: 0 };
        a.bidders.set(e.bidderId, b);
      }
      if (a.price !== null && a.leader !== e.bidderId && e.maxAmount <= a.price * SMALL_STEP) b.smallSteps++;
      b.bids++;
      b.last = e.at;
      b.max = Math.max(b.max, e.maxAmount);
      const s = this.bidderStats(e.bidderId);
      s.auctions.delete(auctionId);
      s.auctions.set(auctionId, a.sellerId);
      if (s.auctions.size > 500) s.auctions.delete(s.auctions.keys().next().value as string);
    }
    a.bids++;
    a.price = e.amount;
    a.leader = e.bidderId;
  }

  private closed(a: AuctionStats, categoryId: string | null, e: Extract<RiskEvent, { type: 'closed' }>): void {
    if (a.closed) return;
    a.closed = true;
    const duration = Math.max(1, a.endsAt - a.startsAt);
    for (const [bidderId, b] of a.bidders) {
      const s = this.bidderStats(bidderId);
      s.closed++;
      if (e.winnerId === bidderId) s.wins++;
      s.lastBiddingSum += Math.min(1, Math.max(0, (e.at - b.last) / duration));
      if (a.reservePrice !== null && b.max < a.reservePrice && b.max >= a.reservePrice * 0.9) s.stoppedBelowReserve++;
    }
    if (categoryId && e.price !== null) {
      const xs = this.categoryPrices.get(categoryId) ?? [];
      xs.push(e.price);
      if (xs.length > PRICE_SAMPLES) xs.shift();
      bounded(this.categoryPrices, 10_000);
      this.categoryPrices.set(categoryId, xs);
    }
  }

  /** The bidder's identifiers shared with the seller's, this request's included. */
  links(bidderId: string, sellerId: string, ipPrefix: string | null, deviceId: string | null): SellerLinks {
    const shares = (m: Map<string, Set<string>>, extra: string | null) => {
      const seller = m.get(sellerId);
      if (!seller || seller.size === 0) return false;
      if (extra && seller.has(extra)) return true;
      for (const v of m.get(bidderId) ?? []) if (seller.has(v)) return true;
      return false;
    };
    return { device: shares(this.devices, deviceId), card: shares(this.cards, null), ipPrefix: shares(this.prefixes, ipPrefix) };
  }

  /** The features of a bid about to be placed (no I/O). */
  features(q: {
    userId: string;
    auctionId: string;
    facts: AuctionFacts;
    value: number;
    amount: number | null;
    categoryId: string | null;
    ipPrefix: string | null;
    deviceId: string | null;
    user: UserFacts | null;
    now: number;
  }): BidFeatures {
    const { userId, now } = q;
    const a = this.auctions.get(q.auctionId);
    const mine = a?.bidders.get(userId);
    const s = this.bidders.get(userId);
    const sellerAuctions = s ? [...s.auctions.values()].filter((x) => x === q.facts.sellerId).length : 0;
    const duration = Math.max(1, q.facts.endsAt - q.facts.startsAt);
    const first = mine?.first ?? now;
    const reserve = q.facts.reservePrice;
    return {
      value: q.value,
      userPerSecond: this.userWindows.count(userId, now, 1),
      userPerMinute: this.userWindows.count(userId, now, 60),
      prefixPerMinute: q.ipPrefix ? this.prefixWindows.count(q.ipPrefix, now, 60) : 0,
      devicePerMinute: q.deviceId ? this.deviceWindows.count(q.deviceId, now, 60) : 0,
      accountAgeHours: q.user?.createdAt != null ? (now - q.user.createdAt) / 3_600_000 : null,
      verification: q.user?.level ?? 'none',
      categoryMedian: q.categoryId ? median(this.categoryPrices.get(q.categoryId) ?? []) : null,
      links: this.links(userId, q.facts.sellerId, q.ipPrefix, q.deviceId),
      bidderTendency: s && s.auctions.size > 0 ? sellerAuctions / s.auctions.size : 0,
      sellerAuctions,
      biddingRatio: a && a.bids > 0 ? (mine?.bids ?? 0) / a.bids : 0,
      auctionBids: a?.bids ?? 0,
      successiveOutbidding: Math.min(1, (mine?.smallSteps ?? 0) / 3),
      earlyBidding: first - q.facts.startsAt < duration / 4,
      winningRatio: s && s.closed > 0 ? s.wins / s.closed : 0,
      closedAuctions: s?.closed ?? 0,
      lastBidding: s && s.closed > 0 ? s.lastBiddingSum / s.closed : 0,
      belowReserve: reserve !== null && q.amount !== null && q.amount < reserve && q.amount >= reserve * 0.9,
      stoppedBelowReserve: s?.stoppedBelowReserve ?? 0,
      declines: (this.declines.get(userId) ?? []).filter((t) => t > now - DAY_MS).length,
    };
  }

  private idSet(m: Map<string, Set<string>>, userId: string): Set<string> {
    let s = m.get(userId);
    if (!s) {
      bounded(m, MAX_USERS);
      s = new Set();
      m.set(userId, s);
    }
    return s;
  }

  private auctionStats(id: string, f: AuctionFacts): AuctionStats {
    let a = this.auctions.get(id);
    if (!a) {
      bounded(this.auctions, MAX_AUCTIONS);
      a = { ...f, bids: 0, price: null, leader: null, bidders: new Map(), closed: false };
      this.auctions.set(id, a);
    }
    a.endsAt = f.endsAt;
    a.reservePrice = f.reservePrice;
    return a;
  }

  private bidderStats(userId: string): BidderStats {
    let s = this.bidders.get(userId);
    if (!s) {
      bounded(this.bidders, MAX_USERS);
      s = { auctions: new Map(), closed: 0, wins: 0, lastBiddingSum: 0, stoppedBelowReserve: 0 };
      this.bidders.set(userId, s);
    }
    return s;
  }
}

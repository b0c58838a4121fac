/**
 * The risk score of one bid: points per rule from the features the engine keeps in
 * memory, then a decision from thresholds that fall as the auction's value rises.
 * Pure: no I/O, no clock.
 */

/** What the engine may answer to a bid. */
export type RiskDecision = 'allow' | 'review' | 'step_up' | 'block';

/** How a bidder is linked to the auction's seller through a shared identifier. */
export interface SellerLinks {
  device: boolean;
  card: boolean;
  ipPrefix: boolean;
}

/** Everything the score looks at for one bid (amounts in the auction's minor units). */
export interface BidFeatures {
  /** The value at stake: the bid's amount, else the current or starting price. */
  value: number;
  userPerSecond: number;
  userPerMinute: number;
  prefixPerMinute: number;
  devicePerMinute: number;
  /** Account age in hours; null when unknown. */
  accountAgeHours: number | null;
  /** Verification level as the verification module reports it. */
  verification: 'none' | 'email' | 'identity' | 'business';
  /** Median recent price in the auction's category (null with too few samples). */
  categoryMedian: number | null;
  links: SellerLinks;
  /** Of the auctions the bidder bid on, the share that are this seller's (0..1), and their count. */
  bidderTendency: number;
  sellerAuctions: number;
  /** The bidder's share of this auction's bids (0..1) and the auction's bid count. */
  biddingRatio: number;
  auctionBids: number;
  /** Successive small outbids by this bidder in this auction (0..1, 1 = three or more). */
  successiveOutbidding: number;
  /** The bidder's first bid here came in the first quarter of the auction. */
  earlyBidding: boolean;
  /** Wins over closed auctions the bidder bid on, and how many closed. */
  winningRatio: number;
  closedAuctions: number;
  /** Mean, over closed auctions, of how early the bidder stopped (0: at the end, 1: at the start). */
  lastBidding: number;
  /** This bid lands just below the reserve (within 10 %). */
  belowReserve: boolean;
  /** Closed auctions where the bidder's maximum stopped just below the reserve. */
  stoppedBelowReserve: number;
  /** Declined payments of the bidder in the last day. */
  declines: number;
}

/** Limits the velocity rules compare against (config). */
export interface VelocityLimits {
  /** Bids per second from one user that only a script places. */
  botPerSecond: number;
  /** Bids per minute from one network or one device across users. */
  networkPerMinute: number;
}

/** One rule that fired, with its points. */
export interface RuleHit {
  rule: string;
  points: number;
}

/** The rules' score (0..) and the rules that fired. */
export interface RiskScore {
  score: number;
  rules: RuleHit[];
}

/** Thresholds of one value band: the score from which each decision applies. */
export interface ThresholdBand {
  /** The band applies to values below this (minor units); null for the last. */
  below: number | null;
  review: number;
  stepUp: number;
  block: number;
}

/** Thresholds by the auction's value: the more is at stake, the earlier the engine acts. */
export const THRESHOLDS: readonly ThresholdBand[] = [
  { below: 10_000, review: 40, stepUp: 80, block: 100 },
  { below: 100_000, review: 35, stepUp: 70, block: 100 },
  { below: 1_000_000, review: 30, stepUp: 65, block: 95 },
  { below: null, review: 25, stepUp: 60, block: 90 },
];

export function bandFor(value: number, bands: readonly ThresholdBand[] = THRESHOLDS): ThresholdBand {
  return bands.find((b) => b.below === null || value < b.below) ?? bands[bands.length - 1]!;
}

export function decisionFor(score: number, value: number, bands: readonly ThresholdBand[] = THRESHOLDS): RiskDecision {
  const b = bandFor(value, bands);
  if (score >= b.block) return 'block';
  if (score >= b.stepUp) return 'step_up';
  if (score >= b.review) return 'review';
  return 'allow';
}

function velocity(f: BidFeatures, v: VelocityLimits, hit: (rule: string, points: number) => void): void {
  if (f.userPerSecond >= v.botPerSecond) hit('velocity_user_burst', 100);
  else if (f.userPerSecond * 2 >= v.botPerSecond) hit('velocity_user_fast', 30);
  if (f.userPerMinute >= v.botPerSecond * 6) hit('velocity_user_minute', 30);
  if (f.prefixPerMinute >= v.networkPerMinute) hit('velocity_network', 15);
  if (f.devicePerMinute * 4 >= v.networkPerMinute) hit('velocity_device', 25);
}

function account(f: BidFeatures, hit: (rule: string, points: number) => void): void {
  if (f.accountAgeHours !== null && f.accountAgeHours < 24 && f.value >= 50_000) hit('new_account_high_value', 15);
  else if (f.accountAgeHours !== null && f.accountAgeHours < 24 * 7 && f.value >= 500_000) hit('young_account_high_value', 10);
  if ((f.verification === 'none' || f.verification === 'email') && f.value >= 500_000) hit('unverified_high_value', 10);
  if (f.categoryMedian !== null && f.categoryMedian > 0 && f.value > f.categoryMedian * 20) hit('amount_anomaly', 20);
  if (f.declines >= 3) hit('payment_declines', 15);
}

/** Shill rules: strong when the bidder shares a device or card with the seller, weak on a shared network alone. */
function shill(f: BidFeatures, hit: (rule: string, points: number) => void): void {
  const strong = f.links.device || f.links.card;
  if (f.links.device) hit('seller_device_shared', 45);
  if (f.links.card) hit('seller_card_shared', 45);
  // A whole office or campus shares one prefix: a few points only, never a case by itself.
  if (f.links.ipPrefix && !strong) hit('seller_network_shared', 8);
  const pattern = f.successiveOutbidding >= 0.5 && f.earlyBidding;
  const neverWins = f.closedAuctions >= 3 && f.winningRatio === 0;
  if (strong) {
    if (f.bidderTendency >= 0.5 && f.sellerAuctions >= 2) hit('bidder_tendency', 15);
    if (f.biddingRatio >= 0.4 && f.auctionBids >= 4) hit('bidding_ratio', 10);
    if (f.successiveOutbidding >= 0.5) hit('successive_outbidding', 10);
    if (neverWins) hit('never_wins', 10);
    if (f.belowReserve || f.stoppedBelowReserve > 0) hit('below_reserve', 10);
    if (f.lastBidding >= 0.5 && f.closedAuctions >= 2) hit('stops_early', 5);
  } else {
    if (pattern && neverWins && f.bidderTendency >= 0.8 && f.sellerAuctions >= 3) hit('shill_pattern', 15);
    if (f.stoppedBelowReserve >= 2 && f.bidderTendency >= 0.8) hit('stops_below_reserve', 15);
  }
}

/** Scores one bid. */
export function scoreBid(f: BidFeatures, limits: VelocityLimits): RiskScore {
  const rules: RuleHit[] = [];
  const hit = (rule: string, points: number) => rules.push({ rule, points });
  velocity(f, limits, hit);
  account(f, hit);
  shill(f, hit);
  return { score: rules.reduce((s, r) => s + r.points, 0), rules };
}

/** Which case kind a set of rules belongs to (the review queue groups by it). */
export function caseKindOf(rules: readonly RuleHit[]): 'shill' | 'velocity' | 'risk' {
  // A shared network alone is weak evidence (offices, campuses): it does not make a shill case.
  if (rules.some((r) => (r.rule.startsWith('seller_') && r.rule !== 'seller_network_shared') || ['bidder_tendency', 'shill_pattern', 'stops_below_reserve'].includes(r.rule))) return 'shill';
  if (rules.some((r) => r.rule.startsWith('velocity_'))) return 'velocity';
  return 'risk';
}

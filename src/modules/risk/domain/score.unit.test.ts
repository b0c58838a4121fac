import { describe, expect, it } from 'vitest';
import { RiskState } from './features.js';
import { type BidFeatures, bandFor, caseKindOf, decisionFor, scoreBid, THRESHOLDS } from './score.js';

const limits = { botPerSecond: 10, networkPerMinute: 600 };
const base: BidFeatures = {
  value: 5_000,
  userPerSecond: 1,
  userPerMinute: 3,
  prefixPerMinute: 3,
  devicePerMinute: 3,
  accountAgeHours: 24 * 365,
  verification: 'none',
  categoryMedian: null,
  links: { device: false, card: false, ipPrefix: false },
  bidderTendency: 0,
  sellerAuctions: 0,
  biddingRatio: 0,
  auctionBids: 0,
  successiveOutbidding: 0,
  earlyBidding: false,
  winningRatio: 0,
  closedAuctions: 0,
  lastBidding: 0,
  belowReserve: false,
  stoppedBelowReserve: 0,
  declines: 0,
};

describe('risk score', () => {
  it('when an ordinary bidder bids, then nothing fires and the bid is allowed', () => {
    expect(scoreBid(base, limits)).toEqual({ score: 0, rules: [] });
    expect(decisionFor(0, 5_000)).toBe('allow');
  });

  it('when a user places bids at script speed, then the bid is blocked whatever the value', () => {
    const s = scoreBid({ ...base, userPerSecond: 12 }, limits);
    expect(s.rules.map((r) => r.rule)).toContain('velocity_user_burst');
    expect(decisionFor(s.score, 100)).toBe('block');
    expect(decisionFor(s.score, 10_000_000)).toBe('block');
  });

  it('when only the office network is shared with the seller, then it stays an allow', () => {
    const s = scoreBid({ ...base, links: { device: false, card: false, ipPrefix: true }, bidderTendency: 1, sellerAuctions: 5 }, limits);
    expect(s.rules).toEqual([{ rule: 'seller_network_shared', points: 8 }]);
    expect(decisionFor(s.score, 2_000_000)).toBe('allow');
  });

  it('when the seller\'s device is shared and the bidder bids up mostly this seller\'s auctions, then it is stepped up', () => {
    const f = { ...base, links: { device: true, card: false, ipPrefix: true }, bidderTendency: 1, sellerAuctions: 3, biddingRatio: 0.5, auctionBids: 6, successiveOutbidding: 1 };
    const s = scoreBid(f, limits);
    expect(s.rules.map((r) => r.rule)).toEqual(['seller_device_shared', 'bidder_tendency', 'bidding_ratio', 'successive_outbidding']);
    expect(caseKindOf(s.rules)).toBe('shill');
    expect(decisionFor(s.score, 5_000)).toBe('step_up');
    // With a shared device alone, the bid is accepted and reviewed.
    expect(decisionFor(scoreBid({ ...base, links: { device: true, card: false, ipPrefix: false } }, limits).score, 5_000)).toBe('review');
  });

  it('when the value rises, then the same score leads to a stronger decision', () => {
    expect(decisionFor(32, 5_000)).toBe('allow');
    expect(decisionFor(32, 500_000)).toBe('review');
    expect(decisionFor(62, 500_000)).toBe('review');
    expect(decisionFor(62, 5_000_000)).toBe('step_up');
    expect(bandFor(10_000)).toBe(THRESHOLDS[1]);
  });
});

describe('features from committed events', () => {
  const t0 = 1_700_000_000_000;
  const facts = { sellerId: 'seller', startsAt: t0, endsAt: t0 + 3_600_000, reservePrice: 10_000 };
  it('when a bidder outbids in small steps early and never wins, then the shill-dataset features show it', () => {
    const st = new RiskState();
    st.noteIdentity('seller', '10.0.0.0/24', 'dev-shared');
    st.noteIdentity('shill', '10.0.0.0/24', 'dev-shared');
    for (let n = 0; n < 3; n++) {
      const id = `a${n}`;
      st.committed(id, facts, 'cat', [
        { type: 'bid', at: t0 + 1000, bidderId: 'honest', amount: 1000, maxAmount: 5000, manual: true },
        { type: 'bid', at: t0 + 2000, bidderId: 'shill', amount: 1050, maxAmount: 1050, manual: true },
        { type: 'bid', at: t0 + 2000, bidderId: 'honest', amount: 1100, maxAmount: 5000, manual: false },
        { type: 'bid', at: t0 + 3000, bidderId: 'shill', amount: 1150, maxAmount: 1150, manual: true },
        { type: 'bid', at: t0 + 4000, bidderId: 'shill', amount: 9500, maxAmount: 9500, manual: true },
        { type: 'closed', at: t0 + 3_600_000, winnerId: 'honest', price: 9600, ranking: [] },
      ]);
    }
    const f = st.features({ userId: 'shill', auctionId: 'a3', facts, value: 1200, amount: 1200, categoryId: 'cat', ipPrefix: null, deviceId: null, user: null, now: t0 + 5000 });
    expect(f.links).toEqual({ device: true, card: false, ipPrefix: true });
    expect(f.bidderTendency).toBe(1);
    expect(f.sellerAuctions).toBe(3);
    expect(f.closedAuctions).toBe(3);
    expect(f.winningRatio).toBe(0);
    expect(f.stoppedBelowReserve).toBe(3);
    expect(f.lastBidding).toBeGreaterThan(0.9);
    const inAuction = st.features({ userId: 'shill', auctionId: 'a0', facts, value: 1200, amount: 1200, categoryId: 'cat', ipPrefix: null, deviceId: null, user: null, now: t0 + 5000 });
    expect(inAuction.biddingRatio).toBe(0.6);
    expect(inAuction.successiveOutbidding).toBeCloseTo(2 / 3);
    expect(inAuction.earlyBidding).toBe(true);
    const honest = st.features({ userId: 'honest', auctionId: 'a3', facts, value: 1200, amount: 1200, categoryId: 'cat', ipPrefix: '10.9.9.0/24', deviceId: 'other', user: null, now: t0 + 5000 });
    expect(honest.links).toEqual({ device: false, card: false, ipPrefix: false });
    expect(honest.winningRatio).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { Aliases, presentAuction } from './auction.presenter.js';
import type { AuctionRecord } from './auction.repository.js';
import { auction, HOUR, T0 } from './domain/auction.fixtures.js';
import { NO_DETAILS } from './domain/index.js';

const seller = { id: 'seller-1', displayName: 'S', avatarUrl: null, memberSince: new Date(T0).toISOString(), completedSales: 0 };
const rec = (id: string, startsAt: number, endsAt: number): AuctionRecord => ({
  id,
  sellerId: 'seller-1',
  categoryId: null,
  title: 'Lot',
  description: '',
  imageUrls: [],
  images: [],
  createdAt: startsAt - 5,
  details: NO_DETAILS,
  state: auction({ id, startsAt, endsAt }, { now: startsAt }),
});

describe('presentAuction times', () => {
  it('when listings are presented one after another at moving instants, then every time is the ISO text of its own instant', () => {
    const aliases = new Aliases('secret');
    const recs = [rec('a', T0, T0 + HOUR), rec('b', T0 + 7, T0 + 2 * HOUR + 3), rec('a2', T0, T0 + HOUR)];
    for (const [i, now] of [T0 + 10, T0 + 10, T0 + 11, T0 + HOUR + 1].entries()) {
      const r = recs[i % recs.length]!;
      const v = presentAuction(r, now, aliases, null, seller);
      expect(v).toMatchObject({
        startsAt: new Date(r.state.startsAt).toISOString(),
        endsAt: new Date(r.state.endsAt).toISOString(),
        originalEndsAt: new Date(r.state.originalEndsAt).toISOString(),
        createdAt: new Date(r.createdAt).toISOString(),
        serverTime: new Date(now).toISOString(),
        closedAt: null,
      });
    }
  });
});

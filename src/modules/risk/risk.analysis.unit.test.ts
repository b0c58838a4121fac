import { describe, expect, it } from 'vitest';
import { findRings, type Link, type Participation, ringCases } from './risk.analysis.js';

const part = (sellerId: string, bidderId: string, n = 2): Participation => ({ sellerId, bidderId, auctions: Array.from({ length: n }, (_, i) => `a${i}`), bids: n * 3, wins: 0 });

describe('rings around a seller', () => {
  it('when two accounts share a device with the seller (one through the other), then both are in the ring with the links as evidence', () => {
    const links: Link[] = [
      { userA: 'S', userB: 'x', via: 'device' },
      { userA: 'x', userB: 'y', via: 'card' },
      { userA: 'S', userB: 'office', via: 'ip_prefix' },
    ];
    const rings = findRings(links, [part('S', 'x'), part('S', 'y'), part('S', 'office')]);
    expect(rings).toHaveLength(1);
    expect(rings[0]!.members).toEqual(['x', 'y']);
    expect(rings[0]!.links).toHaveLength(2);
    const cases = ringCases(rings[0]!);
    expect(cases.map((c) => [c.subjectUserId, c.kind])).toEqual([['S', 'shill'], ['x', 'linked_accounts'], ['y', 'linked_accounts']]);
  });

  it('when accounts share only a network with the seller, or never bid on the seller\'s auctions, then there is no ring', () => {
    expect(findRings([{ userA: 'S', userB: 'office', via: 'ip_prefix' }], [part('S', 'office', 5)])).toEqual([]);
    expect(findRings([{ userA: 'S', userB: 'x', via: 'device' }], [part('T', 'x')])).toEqual([]);
  });
});

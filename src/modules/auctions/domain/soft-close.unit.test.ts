import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './auction.decide.js';
import { apply, auction, bid, HOUR, T0 } from './auction.fixtures.js';
import type { SoftClose } from './auction.types.js';

const END = T0 + 24 * HOUR;

describe('soft close', () => {
  const softClose: SoftClose = { windowSeconds: 120, extensionSeconds: 300, maxExtensions: 2 };

  it('when a bid lands exactly at the window edge, then the end moves to now + extension', () => {
    // Given a 120 s window with 300 s extensions
    const state = auction({ softClose });
    const now = END - 120_000;
    // When a bid is accepted exactly 120 s before the end
    const { state: after, events } = apply(state, bid('ann', 1000), now);
    // Then the auction is extended (edge inclusive)
    expect(events.at(-1)).toEqual({ type: 'extended', seq: 3, at: now, endsAt: now + 300_000, extensions: 1 });
    expect(after).toMatchObject({ endsAt: now + 300_000, originalEndsAt: END, extensions: 1 });
  });

  it('when a bid lands one millisecond before the window, then the end does not move', () => {
    // Given the same window / When a bid arrives at 120.001 s before the end
    const { events, state } = apply(auction({ softClose }), bid('ann', 1000), END - 120_001);
    // Then there is no extension
    expect(events.map((e) => e.type)).not.toContain('extended');
    expect(state.endsAt).toBe(END);
  });

  it('when the cap is reached, then further late bids do not extend', () => {
    // Given maxExtensions 2
    let state = auction({ softClose });
    // When three bids each land 10 s before the current end
    const ends: number[] = [];
    for (const [bidder, amount] of [
      ['ann', 1000],
      ['bob', 2000],
      ['cat', 3000],
    ] as const) {
      state = apply(state, bid(bidder, amount), state.endsAt - 10_000).state;
      ends.push(state.endsAt);
    }
    // Then only the first two extend
    expect(state.extensions).toBe(2);
    expect(ends[2]).toBe(ends[1]);
    expect(ends[1]).toBeGreaterThan(ends[0] ?? Number.POSITIVE_INFINITY);
  });

  it('when the extension would not reach past the current end, then nothing is emitted', () => {
    // Given a window longer than the extension (300 s window, 60 s extension)
    const state = auction({ softClose: { windowSeconds: 300, extensionSeconds: 60, maxExtensions: null } });
    // When a bid arrives 200 s before the end (now + 60 s is still before the end)
    const { events } = apply(state, bid('ann', 1000), END - 200_000);
    // Then the end stays
    expect(events.map((e) => e.type)).toEqual(['bid_placed', 'price_changed']);
  });

  it('when soft close is disabled, then a last-second bid does not extend', () => {
    // Given softClose null / When a bid arrives 1 ms before the end
    const { state } = apply(auction({ softClose: null }), bid('ann', 1000), END - 1);
    // Then the end is unchanged
    expect(state.endsAt).toBe(END);
  });

  it('when no soft close is given for an English auction, then the default 120/120 unlimited applies', () => {
    // Given the default / When a bid lands 30 s before the end
    const now = END - 30_000;
    const { state } = apply(auction(), bid('ann', 1000), now);
    // Then the end becomes now + 120 s
    expect(state.softClose).toEqual({ windowSeconds: 120, extensionSeconds: 120, maxExtensions: null });
    expect(state.endsAt).toBe(now + 120_000);
  });

  it('when the extended end has passed, then bids are refused', () => {
    // Given an auction extended to now + 120 s
    const now = END - 30_000;
    const { state } = apply(auction(), bid('ann', 1000), now);
    // When bob bids at the new end / Then it is too late
    const decision = decide(state, bid('bob', 5000), state.endsAt);
    expect(decision).toMatchObject({ ok: false, error: { code: 'AUCTION_NOT_ACTIVE' } });
    // and one millisecond earlier it is still accepted
    expect(decide(state, bid('bob', 5000), state.endsAt - 1).ok).toBe(true);
  });

  it('when random bids arrive, then extensions happen exactly as configured', () => {
    const configArb = fc.record({
      windowSeconds: fc.integer({ min: 1, max: 600 }),
      extensionSeconds: fc.integer({ min: 1, max: 600 }),
      maxExtensions: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    });
    const offsetsArb = fc.array(fc.integer({ min: 1, max: 900_000 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(configArb, offsetsArb, (config, offsets) => {
        // Given an auction with a random soft close
        let state = auction({ softClose: config });
        let lastBidAt = T0;
        let amount = 1000;
        for (const offset of offsets) {
          // When a bid arrives `offset` ms before the current end (kept after the previous bid)
          const now = Math.max(lastBidAt + 1, state.endsAt - offset);
          if (now >= state.endsAt) break;
          const before = state;
          const { state: after, events } = apply(state, bid(`b${amount}`, amount), now);
          // Then it extends iff inside the window, the cap allows, and the new end is later
          const inWindow = before.endsAt - now <= config.windowSeconds * 1000;
          const capOk = config.maxExtensions === null || before.extensions < config.maxExtensions;
          const target = now + config.extensionSeconds * 1000;
          const shouldExtend = inWindow && capOk && target > before.endsAt;
          expect(events.some((e) => e.type === 'extended')).toBe(shouldExtend);
          expect(after.endsAt).toBe(shouldExtend ? target : before.endsAt);
          expect(after.extensions).toBe(before.extensions + (shouldExtend ? 1 : 0));
          expect(after.originalEndsAt).toBe(END);
          state = after;
          lastBidAt = now;
          amount += 10_000; // always a new leader, so every bid is accepted
        }
      }),
    );
  });

  it('when the auction is not English, then soft close is never configured', () => {
    // Given a sealed auction created with a soft close
    const sealed = auction({ type: 'sealed_first_price', softClose: { windowSeconds: 600, extensionSeconds: 600, maxExtensions: null } });
    // When a last-minute bid arrives
    const { state } = apply(sealed, bid('ann', 1000), END - 1000);
    // Then the end does not move
    expect(sealed.softClose).toBeNull();
    expect(state.endsAt).toBe(END);
  });
});

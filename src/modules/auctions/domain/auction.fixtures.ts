// Builders shared by the unit tests of this folder. Pure like the rest of the domain; they
// throw on refusals only because a refused setup step means the test itself is wrong.
import { createAuction } from './auction.create.js';
import { decide } from './auction.decide.js';
import { evolve } from './auction.evolve.js';
import type {
  AuctionCommand,
  AuctionEvent,
  AuctionState,
  CreateAuctionContext,
  CreateAuctionInput,
  PlaceBidCommand,
} from './auction.types.js';

/** A fixed epoch used as "now" at creation in tests. */
export const T0 = 1_700_000_000_000;
/** One hour in milliseconds. */
export const HOUR = 3_600_000;
/** The seller of every fixture auction. */
export const SELLER = 'seller-1';

/** Valid English listing input (1 day, starts at T0, no reserve), overridable field by field. */
export function listing(overrides: Partial<CreateAuctionInput> = {}): CreateAuctionInput {
  return {
    id: 'auction-1',
    sellerId: SELLER,
    type: 'english',
    currency: 'EUR',
    startingPrice: 1000,
    startsAt: T0,
    endsAt: T0 + 24 * HOUR,
    ...overrides,
  };
}

/** Creation context at T0 with a one-hour minimum duration. */
export function context(overrides: Partial<CreateAuctionContext> = {}): CreateAuctionContext {
  return { now: T0, minDurationSeconds: 3600, ...overrides };
}

/** Creates an auction from `listing(overrides)`, failing loudly if the fixture is invalid. */
export function auction(overrides: Partial<CreateAuctionInput> = {}, ctx?: Partial<CreateAuctionContext>): AuctionState {
  const created = createAuction(listing(overrides), context(ctx));
  if (!created.ok) throw new Error(`fixture rejected: ${created.error.code} ${created.error.message}`);
  return created.state;
}

/** Builds a place_bid command with a deterministic bid id. */
export function bid(bidderId: string, amount: number | null, bidId = `bid-${bidderId}-${amount}`): PlaceBidCommand {
  return { type: 'place_bid', bidId, bidderId, amount };
}

/** Decides and folds in one go; throws if the command is refused. */
export function apply(state: AuctionState, command: AuctionCommand, now: number): { state: AuctionState; events: AuctionEvent[] } {
  const decision = decide(state, command, now);
  if (!decision.ok) throw new Error(`refused: ${decision.error.code} ${decision.error.message}`);
  return { state: decision.events.reduce(evolve, state), events: decision.events };
}

/** Applies several accepted commands in order, each at its own time. */
export function applyAll(state: AuctionState, steps: ReadonlyArray<readonly [AuctionCommand, number]>): AuctionState {
  return steps.reduce((s, [command, now]) => apply(s, command, now).state, state);
}

import { describe, expect, it } from 'vitest';
import { ORDER_COMMAND_TYPES, ORDER_COMMANDS } from './order.commands.js';
import { decideOrder } from './order.decide.js';
import { captured, commandOf, order, T0 } from './order.fixtures.js';
import { canTransition, isTerminal, ORDER_STATUSES } from './order.lifecycle.js';
import type { OrderKind, OrderState } from './order.types.js';

const KINDS: OrderKind[] = ['auction', 'flash_sale'];

/** An order in `status` of `kind` with the fields that status implies. */
function orderIn(status: OrderState['status'], kind: OrderKind): OrderState {
  const base = ['in_escrow', 'paid', 'shipped', 'disputed', 'released', 'paid_out', 'refunded'].includes(status)
    ? captured(status, { commission: 1000, sellerAmount: 9000 })
    : order({ status, paymentId: status === 'pending_payment' ? null : 'pay-1' });
  const noShippingStep = status === 'paid' || status === 'paid_out';
  // A sale without a shipping step chooses its address once: it starts without one.
  return { ...base, kind, escrow: kind === 'auction' ? true : !noShippingStep, ...(noShippingStep ? { shippingAddress: null } : {}) };
}

describe('the order command table', () => {
  // A command may name its from-status among its targets when it may also stay there (pay while pending).
  it('when every command is read, then each from -> to pair of different statuses is allowed by ORDER_TRANSITIONS', () => {
    for (const type of ORDER_COMMAND_TYPES) {
      const rule = ORDER_COMMANDS[type];
      expect(rule.from.length, type).toBeGreaterThan(0);
      for (const from of rule.from) {
        for (const to of rule.to) if (to !== from) expect(canTransition(from, to), `${type}: ${from} -> ${to}`).toBe(true);
      }
    }
  });

  it('when every command is read, then none starts from a terminal status', () => {
    for (const type of ORDER_COMMAND_TYPES) for (const from of ORDER_COMMANDS[type].from) expect(isTerminal(from), `${type} from ${from}`).toBe(false);
  });

  it('when any command is decided in any status, then it is refused outside its from-statuses and kinds, and every move it makes is in its row', () => {
    for (const type of ORDER_COMMAND_TYPES) {
      const rule = ORDER_COMMANDS[type];
      for (const status of ORDER_STATUSES) {
        for (const kind of KINDS) {
          const state = orderIn(status, kind);
          const r = decideOrder(state, commandOf(type, state), T0);
          if (!rule.from.includes(status) || !rule.kinds.includes(kind)) {
            expect(r.ok, `${type} on ${kind} ${status}`).toBe(false);
            continue;
          }
          if (!r.ok) continue; // a further guard refused; the specs cover those
          const moves = r.events.filter((e) => e.type === 'moved');
          for (const m of moves) expect(canTransition(m.from, m.to), `${type}: ${m.from} -> ${m.to}`).toBe(true);
          const last = moves.at(-1);
          if (last) expect(rule.to, `${type} on ${kind} ${status}`).toContain(last.to);
          else expect(rule.stays, `${type} on ${kind} ${status} moved nothing`).toBe(true);
        }
      }
    }
  });

  it('when each command is sent from each of its from-statuses, then it is accepted there (for some kind of order)', () => {
    for (const type of ORDER_COMMAND_TYPES) {
      const rule = ORDER_COMMANDS[type];
      for (const status of rule.from) {
        const accepted = rule.kinds.some((kind) => {
          const state = orderIn(status, kind);
          return decideOrder(state, commandOf(type, state), T0).ok;
        });
        expect(accepted, `${type} from ${status}`).toBe(true);
      }
    }
  });

  it('when every status is walked, then each non-terminal status is left by at least one command', () => {
    for (const s of ORDER_STATUSES) {
      if (isTerminal(s)) continue;
      expect(
        ORDER_COMMAND_TYPES.some((t) => ORDER_COMMANDS[t].from.includes(s)),
        s,
      ).toBe(true);
    }
  });
});

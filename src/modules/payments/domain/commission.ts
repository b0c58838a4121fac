/** Commission rule of a category: basis points of the sale, with an optional floor and ceiling. */
export interface CommissionRule {
  bps: number;
  min: number | null;
  cap: number | null;
}

/**
 * Commission in minor units: round-half-up of amount * bps / 10 000, raised to `min`,
 * lowered to `cap`, and never more than the amount itself. BigInt keeps it exact for
 * any amount up to 10^12.
 */
export function commissionFor(amount: number, rule: CommissionRule): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a non-negative integer');
  if (!Number.isInteger(rule.bps) || rule.bps < 0 || rule.bps > 10_000) throw new RangeError('bps must be 0..10000');
  let c = Number((BigInt(amount) * BigInt(rule.bps) + 5_000n) / 10_000n);
  if (rule.min !== null && c < rule.min) c = rule.min;
  if (rule.cap !== null && c > rule.cap) c = rule.cap;
  return Math.min(c, amount);
}

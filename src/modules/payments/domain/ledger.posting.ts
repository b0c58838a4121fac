/** Accounts of the ledger. Per-user accounts carry an owner. */
export type AccountType = 'buyer' | 'escrow' | 'seller_payable' | 'platform_revenue' | 'gateway_clearing' | 'refunds';

/** One line of a posting. Exactly one of debit/credit is positive. */
export interface PostingLine {
  account: AccountType;
  ownerId: string | null;
  debit: number;
  credit: number;
}

/** A balanced double-entry transaction, ready to be written. */
export interface Posting {
  kind: string;
  currency: string;
  orderId: string | null;
  memo: string;
  lines: PostingLine[];
}

/** Thrown when a posting would not balance: a programming error, never written. */
export class UnbalancedPostingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnbalancedPostingError';
  }
}

/**
 * Builds one posting line by line; `build()` refuses empty, non-integer, negative or
 * unbalanced postings, so nothing unbalanced can reach the database.
 */
export class PostingBuilder {
  private readonly lines: PostingLine[] = [];
  constructor(
    private readonly kind: string,
    private readonly currency: string,
    private readonly orderId: string | null,
    private readonly memo = '',
  ) {}

  debit(account: AccountType, amount: number, ownerId: string | null = null): this {
    return this.add(account, ownerId, amount, 0);
  }

  credit(account: AccountType, amount: number, ownerId: string | null = null): this {
    return this.add(account, ownerId, 0, amount);
  }

  /** Moves `amount` from `from` to `to` (debit `to`, credit `from`), skipping zero amounts. */
  move(from: [AccountType, string | null], to: [AccountType, string | null], amount: number): this {
    if (amount === 0) return this;
    return this.debit(to[0], amount, to[1]).credit(from[0], amount, from[1]);
  }

  private add(account: AccountType, ownerId: string | null, debit: number, credit: number): this {
    const amount = debit + credit;
    if (!Number.isSafeInteger(amount) || amount < 0) throw new UnbalancedPostingError(`invalid amount ${amount} on ${account}`);
    if (amount === 0) return this;
    this.lines.push({ account, ownerId, debit, credit });
    return this;
  }

  build(): Posting {
    if (!/^[A-Z]{3}$/.test(this.currency)) throw new UnbalancedPostingError(`invalid currency ${this.currency}`);
    if (this.lines.length < 2) throw new UnbalancedPostingError('a posting needs at least two lines');
    const d = this.lines.reduce((s, l) => s + l.debit, 0);
    const c = this.lines.reduce((s, l) => s + l.credit, 0);
    if (d !== c) throw new UnbalancedPostingError(`unbalanced posting ${this.kind}: debits ${d} != credits ${c}`);
    return { kind: this.kind, currency: this.currency, orderId: this.orderId, memo: this.memo, lines: [...this.lines] };
  }
}

// The postings of the settlement workflow, one function per movement of money, so the
// books are described in one place (docs/PAYMENTS.md mirrors these).

/** Capture into escrow: the gateway owes us the money; it is held for the order. */
export function capturePosting(o: { id: string; currency: string; buyerId: string }, amount: number): Posting {
  return new PostingBuilder('capture', o.currency, o.id, 'captured into escrow')
    .move(['buyer', o.buyerId], ['gateway_clearing', null], amount)
    .move(['escrow', null], ['buyer', o.buyerId], amount)
    .build();
}

/** Immediate sale without escrow (flash sale): captured money goes straight to seller and platform. */
export function directSalePosting(
  o: { id: string; currency: string; buyerId: string; sellerId: string | null },
  amount: number,
  commission: number,
): Posting {
  const b = new PostingBuilder('sale', o.currency, o.id, 'captured, no escrow')
    .move(['buyer', o.buyerId], ['gateway_clearing', null], amount)
    .debit('buyer', amount, o.buyerId);
  if (o.sellerId) b.credit('seller_payable', amount - commission, o.sellerId).credit('platform_revenue', commission);
  else b.credit('platform_revenue', amount);
  return b.build();
}

/** Release from escrow: the seller's share becomes payable, the commission is revenue. */
export function releasePosting(o: { id: string; currency: string; sellerId: string | null }, amount: number, commission: number): Posting {
  const b = new PostingBuilder('release', o.currency, o.id, 'released from escrow').debit('escrow', amount);
  if (o.sellerId) b.credit('seller_payable', amount - commission, o.sellerId).credit('platform_revenue', commission);
  else b.credit('platform_revenue', amount);
  return b.build();
}

/** Refund out of escrow (or out of revenue and payable for a sale without escrow) back through the gateway. */
export function refundPosting(
  o: { id: string; currency: string },
  amount: number,
  from: { account: AccountType; ownerId: string | null; amount: number }[],
): Posting {
  const b = new PostingBuilder('refund', o.currency, o.id, 'refunded to buyer');
  for (const f of from) b.debit(f.account, f.amount, f.ownerId);
  b.credit('refunds', amount).debit('refunds', amount).credit('gateway_clearing', amount);
  return b.build();
}

/** Payout: the seller's payable is paid out through the gateway. */
export function payoutPosting(o: { id: string; currency: string; sellerId: string }, amount: number): Posting {
  return new PostingBuilder('payout', o.currency, o.id, 'paid out to seller')
    .move(['gateway_clearing', null], ['seller_payable', o.sellerId], amount)
    .build();
}

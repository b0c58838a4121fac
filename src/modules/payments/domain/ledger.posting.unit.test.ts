import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capturePosting,
  directSalePosting,
  type Posting,
  PostingBuilder,
  payoutPosting,
  refundPosting,
  releasePosting,
  UnbalancedPostingError,
} from './ledger.posting.js';

const sum = (p: Posting, k: 'debit' | 'credit') => p.lines.reduce((s, l) => s + l[k], 0);
const o = { id: 'o1', currency: 'EUR', buyerId: 'b1', sellerId: 's1' };

describe('ledger postings', () => {
  it('when a posting does not balance, then build refuses it', () => {
    expect(() => new PostingBuilder('x', 'EUR', null).debit('escrow', 10).credit('platform_revenue', 9).build()).toThrow(
      UnbalancedPostingError,
    );
    expect(() => new PostingBuilder('x', 'EUR', null).debit('escrow', 10).build()).toThrow(UnbalancedPostingError);
    expect(() => new PostingBuilder('x', 'EUR', null).debit('escrow', -1)).toThrow(UnbalancedPostingError);
    expect(() => new PostingBuilder('x', 'EUR', null).debit('escrow', 1.5)).toThrow(UnbalancedPostingError);
    expect(() => new PostingBuilder('x', 'eur', null).debit('escrow', 1).credit('refunds', 1).build()).toThrow(UnbalancedPostingError);
  });

  it('when money is captured, released and paid out, then escrow and payable end at zero and revenue holds the commission', () => {
    const postings = [capturePosting(o, 5000), releasePosting(o, 5000, 500), payoutPosting(o, 4500)];
    const bal = new Map<string, number>();
    for (const p of postings) for (const l of p.lines) bal.set(l.account, (bal.get(l.account) ?? 0) + l.debit - l.credit);
    expect(bal.get('escrow')).toBe(0);
    expect(bal.get('seller_payable')).toBe(0);
    expect(bal.get('buyer')).toBe(0);
    expect(bal.get('platform_revenue')).toBe(-500);
    expect(bal.get('gateway_clearing')).toBe(500);
  });

  it('when any amounts are posted, then every standard posting balances', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (amount, c) => {
        const commission = Math.min(c, amount);
        for (const p of [
          capturePosting(o, amount),
          releasePosting(o, amount, commission),
          releasePosting({ ...o, sellerId: null }, amount, commission),
          directSalePosting(o, amount, commission),
          refundPosting(o, amount, [{ account: 'escrow', ownerId: null, amount }]),
          payoutPosting(o, amount),
        ]) {
          expect(sum(p, 'debit')).toBe(sum(p, 'credit'));
        }
      }),
    );
  });
});

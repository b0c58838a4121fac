import type { Sql, Tx } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { AccountType, Posting } from './domain/ledger.posting.js';

/** Per-currency proof that the books balance. */
export interface TrialBalance {
  currency: string;
  debits: number;
  credits: number;
  balanced: boolean;
}

/** Balance (debits - credits) of one account. */
export interface AccountBalance {
  account: AccountType;
  ownerId: string | null;
  currency: string;
  balance: number;
}

/** The double-entry ledger: postings are written inside the caller's transaction. */
export class LedgerRepository {
  constructor(
    private readonly sql: Sql,
    private readonly ids: IdGenerator,
  ) {}

  async post(tx: Tx, posting: Posting, now: number): Promise<string> {
    const id = this.ids.next();
    await tx`
      insert into ledger_transactions (id, kind, order_id, currency, memo, created_at)
      values (${id}, ${posting.kind}, ${posting.orderId}, ${posting.currency}, ${posting.memo}, ${new Date(now)})`;
    await tx`
      insert into ledger_entries (transaction_id, account, owner_id, currency, debit, credit)
      select ${id}, a, o, ${posting.currency}, d, c
      from unnest(${posting.lines.map((l) => l.account)}::text[], ${posting.lines.map((l) => l.ownerId)}::uuid[],
                  ${posting.lines.map((l) => l.debit)}::bigint[], ${posting.lines.map((l) => l.credit)}::bigint[]) as x(a, o, d, c)`;
    return id;
  }

  /** sum(debits) = sum(credits) per currency, over the whole ledger. */
  async trialBalance(): Promise<TrialBalance[]> {
    const rows = await this.sql<{ currency: string; debits: number; credits: number }[]>`
      select currency, coalesce(sum(debit), 0)::bigint as debits, coalesce(sum(credit), 0)::bigint as credits
      from ledger_entries group by currency order by currency`;
    return rows.map((r) => ({ ...r, balanced: r.debits === r.credits }));
  }

  /** Transactions whose own lines do not balance (should always be empty). */
  async unbalancedTransactions(): Promise<string[]> {
    const rows = await this.sql<{ transaction_id: string }[]>`
      select transaction_id from ledger_entries group by transaction_id having sum(debit) <> sum(credit)`;
    return rows.map((r) => r.transaction_id);
  }

  async balances(filter: { ownerId?: string; orderId?: string } = {}): Promise<AccountBalance[]> {
    const rows = await this.sql<{ account: AccountType; owner_id: string | null; currency: string; balance: number }[]>`
      select e.account, e.owner_id, e.currency, sum(e.debit - e.credit)::bigint as balance
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where true
        ${filter.ownerId ? this.sql`and e.owner_id = ${filter.ownerId}` : this.sql``}
        ${filter.orderId ? this.sql`and t.order_id = ${filter.orderId}` : this.sql``}
      group by e.account, e.owner_id, e.currency order by e.account, e.owner_id, e.currency`;
    return rows.map((r) => ({ account: r.account, ownerId: r.owner_id, currency: r.currency, balance: r.balance }));
  }

  /** Seller payable per seller still owed for one order (credits - debits). */
  async payableByOrder(db: Tx | Sql, orderId: string): Promise<{ sellerId: string; amount: number }[]> {
    const rows = await db<{ owner_id: string; amount: number }[]>`
      select e.owner_id, sum(e.credit - e.debit)::bigint as amount
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where t.order_id = ${orderId} and e.account = 'seller_payable'
      group by e.owner_id having sum(e.credit - e.debit) > 0`;
    return rows.map((r) => ({ sellerId: r.owner_id, amount: r.amount }));
  }

  /**
   * What a sale without escrow gave each party of one order, net of refunds so far:
   * seller_payable per seller and platform_revenue (credits - debits of `sale` and
   * `refund` postings; payouts excluded, so this holds after the seller was paid).
   */
  async saleShares(db: Tx | Sql, orderId: string): Promise<{ account: AccountType; ownerId: string | null; amount: number }[]> {
    const rows = await db<{ account: AccountType; owner_id: string | null; amount: number }[]>`
      select e.account, e.owner_id, sum(e.credit - e.debit)::bigint as amount
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where t.order_id = ${orderId} and t.kind in ('sale', 'refund') and e.account in ('seller_payable', 'platform_revenue')
      group by e.account, e.owner_id order by e.account, e.owner_id`;
    return rows.map((r) => ({ account: r.account, ownerId: r.owner_id, amount: r.amount }));
  }

  /** Platform revenue by period and currency. */
  async revenue(from: Date, to: Date, period: 'day' | 'month'): Promise<{ period: string; currency: string; revenue: number }[]> {
    const fmt = period === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
    return this.sql<{ period: string; currency: string; revenue: number }[]>`
      select to_char(t.created_at at time zone 'UTC', ${fmt}) as period, e.currency, sum(e.credit - e.debit)::bigint as revenue
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where e.account = 'platform_revenue' and t.created_at >= ${from} and t.created_at < ${to}
      group by 1, 2 order by 1, 2`;
  }

  /** A seller's ledger lines (sales net of fees, refunds, payouts) in a period. */
  async sellerLines(
    sellerId: string,
    from: Date,
    to: Date,
  ): Promise<{ at: Date; kind: string; orderId: string | null; currency: string; amount: number }[]> {
    return this.sql<{ at: Date; kind: string; orderId: string | null; currency: string; amount: number }[]>`
      select t.created_at as at, t.kind, t.order_id as "orderId", e.currency, sum(e.credit - e.debit)::bigint as amount
      from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where e.account = 'seller_payable' and e.owner_id = ${sellerId} and t.created_at >= ${from} and t.created_at < ${to}
      group by t.id, t.created_at, t.kind, t.order_id, e.currency order by t.created_at, t.id`;
  }
}

import { AppError } from '../../platform/errors.js';
import { type CommissionRule, commissionFor } from './domain/commission.js';
import type { PaymentsContext } from './payments.context.js';
import type { CategoryPaymentSettings, PaymentsRepository } from './payments.repository.js';

/**
 * Per-category payment settings (commission, pre-authorization), cached for a few seconds.
 * The commission is the `categories.commission_bps` column, which the category admin
 * routes write too; a category without one takes its nearest ancestor's (min and cap with it).
 */
export class CommissionService {
  private cache: { at: number; list: Map<string, CategoryPaymentSettings> } | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly ctx: PaymentsContext) {}

  /** Drops the cache (the category tree changed). */
  invalidate(): void {
    this.cache = null;
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** The commission rule in force: the category's own, else the nearest ancestor's. */
  private inherited(categoryId: string): CommissionRule | null {
    const seen = new Set<string>();
    for (let c = this.cache?.list.get(categoryId); c && !seen.has(c.id); c = c.parentId ? this.cache?.list.get(c.parentId) : undefined) {
      if (c.commission) return c.commission;
      seen.add(c.id);
    }
    return null;
  }

  async settings(categoryId: string | null): Promise<CategoryPaymentSettings | null> {
    if (!categoryId) return null;
    const t = this.ctx.now();
    if (!this.cache || t - this.cache.at > 10_000) {
      this.cache = { at: t, list: new Map((await this.ctx.repo.categorySettings()).map((s) => [s.id, s])) };
    }
    return this.cache.list.get(categoryId) ?? null;
  }

  async setCategorySettings(categoryId: string, s: Parameters<PaymentsRepository['setCategorySettings']>[1]): Promise<void> {
    if (!(await this.ctx.repo.setCategorySettings(categoryId, s))) throw new AppError('CATEGORY_NOT_FOUND', `No category '${categoryId}'`);
    this.cache = null;
    for (const fn of this.listeners) fn();
  }

  async commissionRule(categoryId: string | null): Promise<CommissionRule> {
    if (!(await this.settings(categoryId)) || !categoryId) return this.ctx.options.defaultCommission;
    return this.inherited(categoryId) ?? this.ctx.options.defaultCommission;
  }

  /** What the seller would pay on a sale of `amount` in this category (shown before listing). */
  async quote(categoryId: string | null, amount: number) {
    const rule = await this.commissionRule(categoryId);
    const commission = commissionFor(amount, rule);
    return { amount, commission, sellerReceives: amount - commission, rule: { bps: rule.bps, min: rule.min, cap: rule.cap } };
  }
}

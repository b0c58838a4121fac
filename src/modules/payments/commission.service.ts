import { AppError } from '../../platform/errors.js';
import { type CommissionRule, commissionFor } from './domain/commission.js';
import type { PaymentsContext } from './payments.context.js';
import type { CategoryPaymentSettings, PaymentsRepository } from './payments.repository.js';

/** Per-category payment settings (commission, pre-authorization), cached for a few seconds. */
export class CommissionService {
  private cache: { at: number; list: Map<string, CategoryPaymentSettings> } | null = null;

  constructor(private readonly ctx: PaymentsContext) {}

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
  }

  async commissionRule(categoryId: string | null): Promise<CommissionRule> {
    return (await this.settings(categoryId))?.commission ?? this.ctx.options.defaultCommission;
  }

  /** What the seller would pay on a sale of `amount` in this category (shown before listing). */
  async quote(categoryId: string | null, amount: number) {
    const rule = await this.commissionRule(categoryId);
    const commission = commissionFor(amount, rule);
    return { amount, commission, sellerReceives: amount - commission, rule: { bps: rule.bps, min: rule.min, cap: rule.cap } };
  }
}

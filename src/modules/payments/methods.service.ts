import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { isExpired } from './domain/card.js';
import { iso, type PaymentsContext } from './payments.context.js';
import type { PaymentMethod } from './payments.repository.js';

const methodNotFound = () => new AppError('PAYMENT_METHOD_NOT_FOUND', 'No such payment method');

/** Saved cards: adding one from a gateway token, listing, the default, removal. */
export class MethodsService {
  constructor(private readonly ctx: PaymentsContext) {}

  /** Saves a card from a gateway token; the token must be the user's own and unused. */
  async addMethod(userId: string, token: string): Promise<PaymentMethod> {
    const attached = await this.ctx.gateway.attachToken(token, userId);
    if (!attached.ok) {
      throw attached.reason === 'used'
        ? new AppError('PAYMENT_TOKEN_INVALID', 'This token was already used; tokenize the card again', { reason: 'used' })
        : new AppError('PAYMENT_TOKEN_INVALID', 'The gateway does not know this token for your account', { reason: 'unknown' });
    }
    const card = attached.card;
    const now = this.ctx.now();
    if (isExpired(card.expMonth, card.expYear, now)) throw new AppError('CARD_EXPIRED', 'This card is expired');
    return this.ctx.repo.insertMethod({
      id: this.ctx.deps.ids.next(),
      userId,
      gateway: this.ctx.gateway.name,
      token,
      ...card,
      isDefault: false,
      createdAt: iso(now),
    });
  }

  listMethods(userId: string): Promise<PaymentMethod[]> {
    return this.ctx.repo.methods(userId);
  }

  async setDefaultMethod(userId: string, id: string): Promise<PaymentMethod[]> {
    if (!isUuid(id) || !(await this.ctx.repo.setDefault(userId, id))) throw methodNotFound();
    return this.ctx.repo.methods(userId);
  }

  async deleteMethod(userId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.ctx.repo.deleteMethod(userId, id, this.ctx.now()))) throw methodNotFound();
  }

  /** A usable method: the given one, else the default; never an expired card. */
  async usableMethod(userId: string, id: string | null): Promise<PaymentMethod | null> {
    const m = id ? await this.ctx.repo.method(userId, id) : await this.ctx.repo.defaultMethod(userId);
    if (!m || isExpired(m.expMonth, m.expYear, this.ctx.now())) return null;
    return m;
  }
}

import type { CommissionRule } from './domain/commission.js';
import type { DisputeStatus } from './domain/dispute.lifecycle.js';
import type { OrderState } from './domain/order.types.js';

/** One line of an order. */
export interface OrderItem {
  ref: string;
  title: string;
  quantity: number;
  unitPrice: number;
  sellerId?: string | null;
}

/** Orders: one table for auction and flash-sale orders. The decider's state, plus what only the row keeps. */
export interface Order extends Omit<OrderState, 'hasOpenDispute'> {
  items: OrderItem[];
  createdAt: string;
  updatedAt: string;
  auctionId: string | null;
  offerRank: number;
  categoryId: string | null;
  ranking: { bidderId: string; amount: number }[] | null;
  gatewayEventSeq: number;
  requestHash: string | null;
}

/** A saved payment method (token and display data only). */
export interface PaymentMethod {
  id: string;
  userId: string;
  gateway: string;
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: string;
}

/** A dispute on an order. */
export interface Dispute {
  id: string;
  orderId: string;
  buyerId: string;
  sellerId: string | null;
  status: DisputeStatus;
  reason: string;
  message: string;
  sellerResponse: string | null;
  resolution: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

/** Payment settings of a category. */
export interface CategoryPaymentSettings {
  id: string;
  parentId: string | null;
  commission: CommissionRule | null;
  preauthThreshold: number | null;
  preauthHoldAmount: number | null;
}

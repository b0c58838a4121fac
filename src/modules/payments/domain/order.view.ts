/**
 * Who a user is to an order, and what of it they may see. Pure: the service
 * loads the order, this decides.
 */

/** The fields of an order these rules read. */
export interface OrderForViewer {
  buyerId: string;
  sellerId: string | null;
  total: number;
  items: { sellerId?: string | null; quantity: number; unitPrice: number }[];
  capturedAmount: number;
  refundedAmount: number;
  commission: number | null;
  sellerAmount: number | null;
  paymentMethodId: string | null;
}

/** The caller as these rules see them. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

/**
 * `buyer` and `seller` are the two sides (the seller of the whole order); a
 * `line-seller` sold some lines of a cart of several sellers; an `admin` sees
 * everything; `none` may not know the order exists.
 */
export type OrderSide = 'buyer' | 'seller' | 'admin' | 'line-seller' | 'none';

/** Which side of the order `v` is on. */
export function sideOf(o: OrderForViewer, v: Viewer): OrderSide {
  if (o.buyerId === v.userId) return 'buyer';
  if (o.sellerId !== null && o.sellerId === v.userId) return 'seller';
  if (v.isAdmin) return 'admin';
  if (o.items.some((i) => i.sellerId === v.userId)) return 'line-seller';
  return 'none';
}

/** `amount` of the whole order scaled to a part of its total, exactly (integers past 2^53 / total). */
function shareOf(amount: number, part: number, total: number): number {
  if (total === 0 || amount === 0) return 0;
  if (amount === total) return part;
  return Number((BigInt(amount) * BigInt(part)) / BigInt(total));
}

/**
 * The order as `v` may see it. A seller of some lines of a cart sees those lines
 * and their share of the amounts, never what the buyer bought from other sellers,
 * the buyer's payment method or the other sellers' figures.
 */
export function orderSeenBy<T extends OrderForViewer>(o: T, v: Viewer): T {
  if (sideOf(o, v) !== 'line-seller') return o;
  const items = o.items.filter((i) => i.sellerId === v.userId);
  const mine = items.reduce((s, i) => s + i.quantity * i.unitPrice, 0);
  return {
    ...o,
    items,
    total: mine,
    capturedAmount: shareOf(o.capturedAmount, mine, o.total),
    refundedAmount: shareOf(o.refundedAmount, mine, o.total),
    commission: null,
    sellerAmount: null,
    paymentMethodId: null,
  };
}

/**
 * The audit trail as `side` may see it: a seller of some lines sees what happened
 * and when, not the amounts and details, which are the whole cart's.
 */
export function eventsSeenBy<E extends { data: Record<string, unknown> }>(events: E[], side: OrderSide): E[] {
  return side === 'line-seller' ? events.map((e) => ({ ...e, data: {} })) : events;
}

/** Statuses in which the seller sees where to ship: paid and not shipped yet (a sale without escrow has no shipping step). */
export const SELLER_SEES_ADDRESS: ReadonlySet<string> = new Set(['in_escrow', 'paid', 'paid_out']);

/**
 * The order's shipping address as `v` may see it: the buyer always; the seller (or a seller of
 * some lines) once the order is paid and until it ships; nobody else, admins included.
 */
export function shippingAddressFor<A>(o: OrderForViewer & { status: string; shippingAddress: A | null }, v: Viewer): A | null {
  const side = sideOf(o, v);
  if (side === 'buyer') return o.shippingAddress;
  if ((side === 'seller' || side === 'line-seller') && SELLER_SEES_ADDRESS.has(o.status)) return o.shippingAddress;
  return null;
}

import { addresses } from './addresses.js';
import { cart } from './cart.js';
import { common } from './common.js';
import { orders } from './orders.js';
import { receipt } from './receipt.js';
import { layout } from './layout.js';

/**
 * Every namespace, one line each. A namespace is one file declaring its English
 * and German messages together (`messages(en, de)`).
 */
export const NAMESPACES = {
  common,
  layout,
  addresses,
  receipt,
  orders,
  cart,
} as const;

export type Namespace = keyof typeof NAMESPACES;

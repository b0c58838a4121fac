export { FlashSaleService, type FlashSaleDeps } from './flash-sale.service.js';
export type {
  CartView,
  CheckoutLine,
  CheckoutPayments,
  CreateSaleRequest,
  FlashSaleOptions,
  FlashSaleStockMessage,
  FlashSaleView,
  PaidHook,
  PaidOrder,
  ReservationView,
  ReserveAnswer,
} from './flash-sale.types.js';
export { flashSaleRoutes } from './flash-sales.routes.js';
export * as domain from './domain/index.js';

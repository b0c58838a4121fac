export {
  type CartView,
  type CheckoutLine,
  type CheckoutPayments,
  type CreateSaleRequest,
  type FlashSaleOptions,
  type FlashSaleStockMessage,
  FlashSaleService,
  type FlashSaleView,
  type ReservationView,
  type ReserveAnswer,
} from './flash-sale.service.js';
export { flashSaleRoutes } from './flash-sales.routes.js';
export * as domain from './domain/index.js';

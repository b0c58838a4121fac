export { createPayments, type PaymentsService } from './payments.module.js';
export { TOPICS, type AuctionSoldPayload, type CheckoutInput, type OnPaid, type PaymentsOptions } from './payments.types.js';
export type { Order, OrderItem, PaymentMethod, Dispute } from './payments.repository.js';
export { paymentRoutes } from './routes/index.js';
export { SandboxGateway, SANDBOX_CARDS } from './gateway/sandbox.gateway.js';
export type { PaymentGateway, GatewayEvent, GatewayPayment } from './gateway/gateway.port.js';
export { GatewayError } from './gateway/gateway.port.js';
export { signPayload, SIGNATURE_HEADER } from './gateway/webhook.signature.js';
export { ORDER_TRANSITIONS, type OrderStatus } from './domain/order.lifecycle.js';

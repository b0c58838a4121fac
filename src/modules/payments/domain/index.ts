// Public API of the payments domain: pure rules over plain data (no I/O, no clock but `now`).
export { brandOf, isExpired, luhnValid } from './card.js';
export { commissionFor, type CommissionRule } from './commission.js';
export { canDisputeTransition, DISPUTE_STATUSES, DISPUTE_TRANSITIONS, type DisputeStatus } from './dispute.lifecycle.js';
export {
  decideDispute,
  DISPUTE_COMMANDS,
  evolveDispute,
  openedDispute,
  type DisputeCommand,
  type DisputeDecideResult,
  type DisputeDecision,
  type DisputeEvent,
  type DisputeRow,
  type DisputeState,
  type DisputeUpdatedEvent,
  type RespondDisputeCommand,
  type ResolveDisputeRowCommand,
} from './dispute.decide.js';
export { canIntentTransition, INTENT_TRANSITIONS, type IntentStatus } from './intent.lifecycle.js';
export {
  decideIntent,
  evolveIntent,
  INTENT_COMMANDS,
  type IntentCommand,
  type IntentDecideResult,
  type IntentMovedEvent,
  type IntentState,
} from './intent.decide.js';
export {
  capturePosting,
  directSalePosting,
  payoutPosting,
  PostingBuilder,
  refundPosting,
  releasePosting,
  UnbalancedPostingError,
  type AccountType,
  type Posting,
  type PostingLine,
} from './ledger.posting.js';
export {
  BEFORE_CAPTURE,
  canTransition,
  IN_ESCROW,
  isOrderStatus,
  isTerminal,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderStatus,
} from './order.lifecycle.js';
export {
  eventsSeenBy,
  orderSeenBy,
  SELLER_SEES_ADDRESS,
  shippingAddressFor,
  sideOf,
  type OrderForViewer,
  type OrderSide,
  type Viewer,
} from './order.view.js';
export { ORDER_COMMAND_TYPES, ORDER_COMMANDS, type OrderCommandRule, type OrderGuard } from './order.commands.js';
export { decideOrder, refusalOf } from './order.decide.js';
export { badState } from './order.step.js';
export { evolveOrder, replayOrder, rowPatchOf, type OrderRowPatch } from './order.evolve.js';
export { salePosting, sellerShares, type SellerShare } from './order.money.js';
export { secondChance, type OfferSource, type SecondChance } from './order.offer.js';
export {
  allowedActions,
  allowedAdminActions,
  ORDER_ACTIONS,
  ORDER_ADMIN_ACTIONS,
  type OrderAction,
  type OrderAdminAction,
} from './order.actions.js';
export { PAYMENT_TOPICS, UNPAID } from './order.types.js';
export type * from './order.types.js';

export { decide, evolve, statusAfter, transitionOf } from './stock.decide.js';
export { canTransition, itemStatus, RESERVATION_TRANSITIONS, salePhase } from './stock.lifecycle.js';
export { validateSale, type SaleDraft, type SaleDraftItem } from './sale.validate.js';
export type * from './stock.types.js';

// The flash-sale wire shapes are declared once, in the shared API contract.
export * from '../../shared/api/flash-sales.js';

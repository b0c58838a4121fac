// The payment wire shapes are declared once, in the shared API contract.
export * from '../../shared/api/payments.js';

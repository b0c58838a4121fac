import { ADDRESS_SEALED_TARGETS } from './modules/addresses/index.js';
import { ORDER_SEALED_TARGETS } from './modules/payments/index.js';
import type { SealedTarget } from './platform/data-keys.rotate.js';

/**
 * Every place personal data is sealed with the data keys; `gavel rotate-data-keys` moves
 * all of them to the newest key. A module that seals a new column adds its targets here.
 */
export const SEALED_TARGETS: readonly SealedTarget[] = [...ADDRESS_SEALED_TARGETS, ...ORDER_SEALED_TARGETS];

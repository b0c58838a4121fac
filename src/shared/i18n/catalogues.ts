import { account } from './account.js';
import { common } from './common.js';
import { layout } from './layout.js';

/**
 * Every namespace, one line each. A namespace is one file declaring its English
 * and German messages together (`messages(en, de)`).
 */
export const NAMESPACES = {
  account,
  common,
  layout,
} as const;

export type Namespace = keyof typeof NAMESPACES;

import { common } from './common.js';
import { layout } from './layout.js';
import { browse } from './browse.js';
import { home } from './home.js';
import { sell } from './sell.js';

/**
 * Every namespace, one line each. A namespace is one file declaring its English
 * and German messages together (`messages(en, de)`).
 */
export const NAMESPACES = {
  common,
  layout,
  sell,
  browse,
  home,
} as const;

export type Namespace = keyof typeof NAMESPACES;

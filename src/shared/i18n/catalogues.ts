import { common } from './common.js';
import { inbox } from './inbox.js';
import { layout } from './layout.js';
import { notices } from './notices.js';

/**
 * Every namespace, one line each. A namespace is one file declaring its English
 * and German messages together (`messages(en, de)`).
 */
export const NAMESPACES = {
  common,
  inbox,
  layout,
  notices,
} as const;

export type Namespace = keyof typeof NAMESPACES;

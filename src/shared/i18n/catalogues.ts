import { admin } from './admin.js';
import { auction } from './auction.js';
import { account } from './account.js';
import { common } from './common.js';
import { flash } from './flash.js';
import { images } from './images.js';
import { addresses } from './addresses.js';
import { cart } from './cart.js';
import { orders } from './orders.js';
import { receipt } from './receipt.js';
import { layout } from './layout.js';
import { mine } from './mine.js';
import { errors } from './errors.js';
import { payments } from './payments.js';
import { inbox } from './inbox.js';
import { notices } from './notices.js';
import { browse } from './browse.js';
import { home } from './home.js';
import { sell } from './sell.js';
import { categories } from './categories.js';
import { search } from './search.js';
import { share } from './share.js';
import { revisions } from './revisions.js';
import { recommendations } from './recommendations.js';
import { audit } from './audit.js';
import { verification } from './verification.js';
import { review } from './review.js';
import { mfa } from './mfa.js';
import { transcripts } from './transcripts.js';

/**
 * Every namespace, one line each. A namespace is one file declaring its English
 * and German messages together (`messages(en, de)`).
 */
export const NAMESPACES = {
  account,
  common,
  auction,
  layout,
  flash,
  mine,
  errors,
  admin,
  payments,
  images,
  inbox,
  notices,
  sell,
  browse,
  home,
  share,
  revisions,
  addresses,
  receipt,
  orders,
  cart,
  categories,
  search,
  recommendations,
  audit,
  verification,
  review,
  mfa,
  transcripts,
} as const;

export type Namespace = keyof typeof NAMESPACES;

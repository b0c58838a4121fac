import { isLanguage, translatorFor } from '../../shared/i18n/index.js';
import type { RecommendationReason } from '../../shared/api/recommendations.js';
import type { Pick } from './domain/index.js';

/** A pick's reason as the wire carries it, its line in the reader's language (the `recommendations` catalogue). */
export function presentReason(pick: Pick, language: string): RecommendationReason {
  const { signal, because } = pick;
  const { t } = translatorFor(isLanguage(language) ? language : 'en');
  // An item without a title (an old flash-sale order) is still named, if vaguely.
  const title = signal.title ?? '…';
  const text = t(`recommendations:reasons.${signal.code}.${because}` as never, { title } as never) as unknown as string;
  return {
    code: signal.code,
    because,
    auctionId: signal.auctionId,
    sellerId: because === 'seller' ? signal.sellerId : null,
    categoryId: because === 'category' ? signal.categoryId : null,
    title: signal.title,
    text,
  };
}

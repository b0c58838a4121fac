import { ApiError } from '../../api';
import { money } from '../../format';
import { t } from '../../i18n';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';

export const sealed = (a: Auction) => a.type === 'sealed_first_price' || a.type === 'sealed_second_price';

/** A refused bid as a sentence; the amount tried is named so a cleared field loses nothing. */
export function bidErrorText(e: unknown, a: Auction, tried: number | null = null): string {
  if (e instanceof ApiError && e.code === 'BID_TOO_LOW' && typeof e.details?.minimum === 'number') {
    const minimum = money(e.details.minimum, a.currency);
    return tried === null ? t('auction:bid.tooLowNoAmount', { minimum }) : t('auction:bid.tooLow', { amount: money(tried, a.currency), minimum });
  }
  return e instanceof ApiError ? e.message : t('auction:bid.failed');
}

/** What every action component of the page receives. */
export interface ActionProps {
  a: Auction;
  onDone: () => Promise<void>;
}

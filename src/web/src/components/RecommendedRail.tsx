import { useLoad } from '../hooks';
import { useLanguage, useT } from '../i18n';
import { recommendations } from '../recommendations-api';
import { useSession } from '../session';
import { AuctionGrid } from './ui';

/** How many tiles the home page's rail shows (two rows of the grid at most widths). */
const RAIL_SIZE = 8;

/**
 * "Recommended for you" on the home page: live auctions from what the signed-in user
 * bought, bid on and watched, each with its reason under the tile. Signed out, or
 * with nothing to recommend (or when the list cannot be read), the section is left out.
 */
export function RecommendedRail() {
  const { t } = useT('recommendations');
  const { user } = useSession();
  // The reasons are worded by the server in the profile language: read again when it changes.
  const language = useLanguage();
  const userId = user?.id ?? null;
  const recs = useLoad((s) => (userId ? recommendations(RAIL_SIZE, s) : Promise.resolve({ items: [] })), [userId, language]);
  const items = userId ? (recs.data?.items ?? []) : [];
  if (items.length === 0) return null;
  const reasons = new Map(items.map((i) => [i.auction.id, i.reason.text]));
  return (
    <section aria-labelledby="recommended" className="recommended-rail">
      <div className="section-head">
        <h2 id="recommended">{t('rail.title')}</h2>
      </div>
      <AuctionGrid items={items.map((i) => i.auction)} empty="" note={(a) => reasons.get(a.id)} />
    </section>
  );
}

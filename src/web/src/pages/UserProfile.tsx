import { accountApi } from '../account-api';
import { AuctionGrid, ErrorNote, Loading } from '../components/ui';
import { reader } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { usePageTitle } from '../router';
import { formatDate } from '../../../shared/format';

/** /users/:id: a seller's public face: picture, name, member since, completed sales and what they sell now. */
export default function UserProfile({ params }: { params: Record<string, string> }) {
  const { t } = useT(['account', 'common']);
  const id = params.id ?? '';
  const profile = useLoad((s) => accountApi.profile(id, s), [id]);
  const listings = useLoad((s) => accountApi.listingsOf(id, s), [id]);
  const p = profile.data;
  usePageTitle(p?.displayName ?? '');
  if (profile.error) return <ErrorNote>{profile.error}</ErrorNote>;
  if (!p) return <Loading label={t('loading')} />;
  return (
    <div className="page">
      <header className="profile-head">
        {p.avatarUrl ? (
          <img className="avatar avatar-large" src={p.avatarUrl} alt={t('user.avatarAlt', { name: p.displayName })} />
        ) : (
          <div className="avatar avatar-large avatar-empty" aria-hidden="true">
            {p.displayName.trim().charAt(0).toUpperCase()}
          </div>
        )}
        <div>
          <h1>{p.displayName}</h1>
          <p className="muted" data-testid="profile-facts">
            {t('user.memberSince', { date: formatDate(p.memberSince, reader()) })} · {t('user.sales', { count: p.sellerStats.sold })}
          </p>
        </div>
      </header>
      <h2>{t('user.listings')}</h2>
      {listings.error ? <ErrorNote>{listings.error}</ErrorNote> : null}
      {listings.data ? <AuctionGrid items={listings.data.items} empty={t('user.noListings')} /> : <Loading label={t('loading')} />}
    </div>
  );
}

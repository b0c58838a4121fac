import type { SellerSummary } from '../../../shared/api/identity';
import { formatDate } from '../../../shared/format';
import { reader } from '../format';
import { useT } from '../i18n';
import { Link } from '../router';

/**
 * "Seller Ann" linking to Ann's public profile. `detailed` adds member since and
 * completed sales (for the auction page; list tiles keep it to the name).
 */
export function SellerLink({ seller, detailed = false }: { seller: SellerSummary; detailed?: boolean }) {
  const { t } = useT('account');
  return (
    <span className="seller-link">
      <span className="muted">{t('seller.by')}</span>{' '}
      <Link to={`/users/${seller.id}`} data-testid="seller-link" aria-label={t('seller.profileOf', { name: seller.displayName })}>
        {seller.displayName}
      </Link>
      {detailed ? (
        <span className="muted">
          {' · '}
          {t('user.memberSince', { date: formatDate(seller.memberSince, reader()) })}
          {' · '}
          {t('user.sales', { count: seller.completedSales })}
        </span>
      ) : null}
    </span>
  );
}

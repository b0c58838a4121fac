import { RequireUser } from '../components/RequireUser';
import { SellForm } from '../components/sell/SellForm';
import { useT } from '../i18n';
import { usePageTitle } from '../router';

export default function Sell() {
  const { t } = useT('sell');
  usePageTitle(t('pageTitle'));
  return (
    <RequireUser what="sell">
      <div className="page medium">
        <h1>{t('heading')}</h1>
        <SellForm />
      </div>
    </RequireUser>
  );
}

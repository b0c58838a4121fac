import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';

export default function NotFound() {
  const { t } = useT('mine');
  usePageTitle(t('notFound.pageTitle'));
  return (
    <div className="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link to="/" className="button">
        {t('notFound.home')}
      </Link>
    </div>
  );
}

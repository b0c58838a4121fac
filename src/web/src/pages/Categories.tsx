import { useT } from '../i18n';
import { useCategories } from '../hooks';
import { Link, usePageTitle } from '../router';
import type { Category } from '../../../shared/api/catalog';

const browseTo = (id: string) => `/browse?categoryId=${encodeURIComponent(id)}`;

/** A category's name and its live auctions (including those below it). */
function Named({ c }: { c: Category }) {
  const { t } = useT('browse');
  return (
    <>
      <Link to={browseTo(c.id)}>{c.name}</Link>
      {c.activeAuctions !== undefined ? <span className="muted"> · {t('overview.live', { count: c.activeAuctions })}</span> : null}
    </>
  );
}

/** Every top-level category with its count and its children: the way into the tree without searching. */
export default function Categories() {
  const { t } = useT('browse');
  usePageTitle(t('overview.pageTitle'));
  const list = useCategories();
  const roots = list.filter((c) => c.parentId === null);
  return (
    <div className="page categories-overview">
      <h1>{t('overview.heading')}</h1>
      {roots.length === 0 ? (
        <p className="empty">{t('overview.empty')}</p>
      ) : (
        <ul className="category-cards">
          {roots.map((root) => {
            const children = list.filter((c) => c.parentId === root.id);
            return (
              <li key={root.id} className="category-card" data-testid="category-card">
                <h2>
                  <Named c={root} />
                </h2>
                {children.length > 0 ? (
                  <ul>
                    {children.map((c) => (
                      <li key={c.id}>
                        <Named c={c} />
                      </li>
                    ))}
                  </ul>
                ) : null}
                <p className="category-card-all">
                  <Link to={browseTo(root.id)}>{t('overview.seeAll', { name: root.name })}</Link>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

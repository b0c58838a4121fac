import { useEffect, useState } from 'react';
import type { CategoryDetail } from '../../../shared/api/catalog';
import { categoriesApi } from '../categories-api';
import { ruleLines } from '../category-words';
import { useT } from '../i18n';

/** The chosen category with its settings in force (null while loading or with none chosen). */
export function useCategoryDetail(categoryId: string): CategoryDetail | null {
  const [detail, setDetail] = useState<CategoryDetail | null>(null);
  useEffect(() => {
    setDetail(null);
    if (!categoryId) return;
    const ctl = new AbortController();
    categoriesApi
      .get(categoryId, ctl.signal)
      .then(setDetail)
      .catch(() => {});
    return () => ctl.abort();
  }, [categoryId]);
  return detail;
}

/** The rules in force for the chosen category (inherited ones included), shown before the seller lists. */
export function CategoryRules({ detail, currency }: { detail: CategoryDetail | null; currency: string }) {
  const { t } = useT('categories');
  if (!detail) return null;
  const lines = ruleLines(detail.effective.rules, detail.effective.verificationRequired, currency);
  return (
    <section className="category-rules note" aria-label={t('rules.title')}>
      <strong>{t('rules.title')}</strong>
      {lines.length === 0 ? (
        <p>{t('rules.none')}</p>
      ) : (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { Link } from '../../router';

/** One value a facet offers: where choosing it leads, and how many results it has. */
export interface FacetOption {
  key: string;
  label: string;
  count: number | undefined;
  selected: boolean;
  /** The address with this value applied (or, when selected, removed). */
  href: string;
}

/** A heading with a "clear" link when the group holds a choice. */
export function FilterGroup({ title, id, clearHref, children }: { title: string; id: string; clearHref?: string | null; children: ReactNode }) {
  const { t } = useT('browse');
  return (
    <section className="filter-group" aria-labelledby={id}>
      <div className="filter-group-head">
        <h3 id={id}>{title}</h3>
        {clearHref ? (
          <Link to={clearHref} className="filter-clear" aria-label={t('clearNamed', { name: title })}>
            {t('clear')}
          </Link>
        ) : null}
      </div>
      {children}
    </section>
  );
}

/** Facet values as links with their counts; the chosen one is marked and leads back to none. */
export function FacetOptions({ options, testId }: { options: FacetOption[]; testId: string }) {
  const { t: ts } = useT('search');
  if (options.length === 0) return null;
  return (
    <ul className="facet-options" data-testid={testId}>
      {options.map((o) => (
        <li key={o.key}>
          <Link
            to={o.href}
            className={`facet-option${o.selected ? ' selected' : ''}${o.count === 0 ? ' facet-empty' : ''}`}
            aria-current={o.selected ? 'true' : undefined}
          >
            {o.count === undefined ? o.label : ts('withCount', { label: o.label, count: o.count })}
          </Link>
        </li>
      ))}
    </ul>
  );
}

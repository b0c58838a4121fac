import { useState } from 'react';
import type { Category } from '../../../../shared/api/catalog';
import type { SearchFacets } from '../../../../shared/api/search';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { withParams } from './search-params';

/** How deep the tree is walked: the catalog allows no cycles, this only bounds a broken one. */
const MAX_DEPTH = 20;

/** Matches per category including everything below it (the facet counts each auction's own category). */
export function categoryCounts(list: Category[], facets: SearchFacets | null): Map<string, number> | null {
  if (!facets) return null;
  const out = new Map<string, number>();
  const parentOf = new Map(list.map((c) => [c.id, c.parentId]));
  for (const { value, count } of facets.category) {
    let id: string | null | undefined = value;
    for (let depth = 0; id && depth < MAX_DEPTH; depth++, id = parentOf.get(id)) out.set(id, (out.get(id) ?? 0) + count);
  }
  return out;
}

/** The categories from the root down to this one (empty when it is unknown). */
export function categoryPath(list: Category[], id: string | null): Category[] {
  const byId = new Map(list.map((c) => [c.id, c]));
  const out: Category[] = [];
  for (let c = id ? byId.get(id) : undefined, depth = 0; c && depth < MAX_DEPTH; c = c.parentId ? byId.get(c.parentId) : undefined, depth++)
    out.unshift(c);
  return out;
}

/** "All categories › Collectibles › Coins" above the results; each step keeps the other filters. */
export function CategoryCrumbs({ list, query }: { list: Category[]; query: URLSearchParams }) {
  const { t } = useT('browse');
  const path = categoryPath(list, query.get('categoryId'));
  if (path.length === 0) return null;
  return (
    <nav className="crumbs search-crumbs" aria-label={t('categoryPath')}>
      <Link to={withParams(query, { categoryId: null })}>{t('allCategories')}</Link>
      {path.map((c, i) => (
        <span key={c.id}>
          {' › '}
          {i === path.length - 1 ? (
            <span aria-current="page">{c.name}</span>
          ) : (
            <Link to={withParams(query, { categoryId: c.id })}>{c.name}</Link>
          )}
        </span>
      ))}
    </nav>
  );
}

interface TreeProps {
  list: Category[];
  counts: Map<string, number> | null;
  query: URLSearchParams;
}

/** One level of the tree: each category a link with its count, and a button that shows what is below it. */
function Level({ parent, depth, open, toggle, ...props }: TreeProps & { parent: string | null; depth: number; open: Set<string>; toggle(id: string): void }) {
  const { t } = useT('browse');
  const { t: ts } = useT('search');
  const { list, counts, query } = props;
  const selected = query.get('categoryId');
  const children = list.filter((c) => c.parentId === parent);
  if (children.length === 0 || depth >= MAX_DEPTH) return null;
  return (
    <ul className={depth === 0 ? 'facet-tree' : 'facet-tree facet-subtree'}>
      {children.map((c) => {
        const hasChildren = list.some((x) => x.parentId === c.id);
        const expanded = open.has(c.id);
        const count = counts?.get(c.id) ?? (counts ? 0 : undefined);
        const label = count === undefined ? c.name : ts('withCount', { label: c.name, count });
        const isSelected = selected === c.id;
        return (
          <li key={c.id}>
            <div className="facet-tree-row">
              {hasChildren ? (
                <button
                  type="button"
                  className="facet-toggle"
                  aria-expanded={expanded}
                  aria-label={t(expanded ? 'hideSub' : 'showSub', { name: c.name })}
                  onClick={() => toggle(c.id)}
                >
                  <span aria-hidden="true">{expanded ? '−' : '+'}</span>
                </button>
              ) : (
                <span className="facet-toggle-space" aria-hidden="true" />
              )}
              <Link
                to={withParams(query, { categoryId: isSelected ? null : c.id })}
                className={`facet-option${isSelected ? ' selected' : ''}${count === 0 ? ' facet-empty' : ''}`}
                aria-current={isSelected ? 'true' : undefined}
                data-category={c.id}
              >
                {label}
              </Link>
            </div>
            {expanded ? <Level {...props} parent={c.id} depth={depth + 1} open={open} toggle={toggle} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The category tree with counts for the current query; the chosen category's path starts expanded. */
export function CategoryTree({ list, counts, query }: TreeProps) {
  const selected = query.get('categoryId');
  const [open, setOpen] = useState<Set<string>>(() => new Set(categoryPath(list, selected).map((c) => c.id)));
  // The list arrives after the first render, and the choice changes: open each newly chosen path once (it may be closed again).
  const [openedFor, setOpenedFor] = useState('');
  const path = categoryPath(list, selected).map((c) => c.id);
  const sig = path.join('/');
  if (sig && sig !== openedFor) {
    setOpenedFor(sig);
    setOpen(new Set([...open, ...path]));
  }
  const toggle = (id: string) =>
    setOpen((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return <Level list={list} counts={counts} query={query} parent={null} depth={0} open={open} toggle={toggle} />;
}

import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api';
import { t } from './i18n';
import type { Category } from '../../shared/api/catalog';

/** Loads data for a page; `error` is already a human message. */
export function useLoad<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
} {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [n, setN] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `fn` depends on
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    fn(ctl.signal)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e.message : t('errors:generic'));
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data, error, loading, reload };
}

let categories: Promise<Category[]> | null = null;
/** Categories change rarely: one request per page load. */
export function useCategories(): Category[] {
  const [list, setList] = useState<Category[]>([]);
  useEffect(() => {
    categories ??= api.categories().catch((e) => {
      categories = null;
      throw e;
    });
    let alive = true;
    categories.then((c) => alive && setList(c)).catch(() => {});
    return () => {
      alive = false;
    };
  }, []);
  return list;
}

/** Categories as indented options: "Collectibles", "— Coins". */
export function categoryOptions(list: Category[]): { id: string; label: string }[] {
  const out: { id: string; label: string }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of list.filter((x) => x.parentId === parent)) {
      out.push({ id: c.id, label: `${'— '.repeat(depth)}${c.name}` });
      if (depth < 5) walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api';
import { useT } from '../../i18n';
import { ErrorNote } from '../ui';

/** Watch / unwatch; whether we watch comes from the watchlist. */
export function WatchButton({ id }: { id: string }) {
  const { t } = useT('auction');
  const [watching, setWatching] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    api
      .watchlist()
      .then((w) => alive && setWatching(w.items.some((i) => i.auction.id === id)))
      .catch(() => alive && setWatching(false));
    return () => {
      alive = false;
    };
  }, [id]);
  if (watching === null) return null;
  const toggle = async () => {
    setError(null);
    try {
      if (watching) await api.unwatch(id);
      else await api.watch(id);
      setWatching(!watching);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('watch.failed'));
    }
  };
  return (
    <div className="watch">
      <button type="button" className="button button-ghost button-small" aria-pressed={watching} onClick={() => void toggle()}>
        {watching ? t('watch.on') : t('watch.off')}
      </button>
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}

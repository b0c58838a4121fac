import { type FormEvent, useState } from 'react';
import { errorText } from '../../api';
import { featureAuction, featuredAuctions, unfeatureAuction } from '../../discovery-api';
import { dateTime } from '../../format';
import { useLoad } from '../../hooks';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { ErrorNote } from '../ui';
import { idIn } from './ids';

/** The auctions featured now, a form to feature one for a window, and a button to end a window. */
export function Featured() {
  const { t } = useT('admin');
  const list = useLoad((s) => featuredAuctions(50, s), []);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const feature = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    const id = idIn(String(f.get('auction') ?? ''));
    if (!id) return setError(t('idOrLink.badAuction'));
    // datetime-local fields are read in the browser's zone, as the sell form does.
    const from = String(f.get('from') ?? '');
    const until = Date.parse(String(f.get('until') ?? ''));
    if (Number.isNaN(until)) return setError(t('featured.badUntil'));
    try {
      const a = await featureAuction(id, { until: new Date(until).toISOString(), ...(from ? { from: new Date(Date.parse(from)).toISOString() } : {}) });
      setDone(t('featured.done', { title: a.title }));
      form.reset();
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const stop = async (id: string) => {
    setError(null);
    try {
      await unfeatureAuction(id);
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="admin-featured">
      <h2 id="admin-featured">{t('featured.title')}</h2>
      {list.data && list.data.items.length === 0 ? <p className="empty">{t('featured.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <ul className="featured-admin-list">
          {list.data.items.map((a) => (
            <li key={a.id}>
              <Link to={`/auctions/${a.id}`}>{a.title}</Link> · {t('featured.ends', { at: dateTime(a.endsAt) })}{' '}
              <button type="button" className="button button-ghost" onClick={() => void stop(a.id)}>
                {t('featured.stop')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNote>{list.error}</ErrorNote>
      <form className="stack" onSubmit={feature}>
        <div className="field">
          <label htmlFor="feature-auction">{t('featured.auction')}</label>
          <input id="feature-auction" name="auction" autoComplete="off" required />
        </div>
        <div className="field">
          <label htmlFor="feature-from">{t('featured.from')}</label>
          <input id="feature-from" name="from" type="datetime-local" />
        </div>
        <div className="field">
          <label htmlFor="feature-until">{t('featured.until')}</label>
          <input id="feature-until" name="until" type="datetime-local" required />
        </div>
        <button type="submit" className="button">
          {t('featured.submit')}
        </button>
      </form>
      {done ? <p className="note note-ok">{done}</p> : null}
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}

import { type FormEvent, useState } from 'react';
import { errorText } from '../api';
import { ReviewGate } from '../components/admin/ReviewGate';
import { ErrorNote } from '../components/ui';
import { dateTime } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { addBlacklistEntry, blacklistEntries, removeBlacklistEntry } from '../review-api';
import { BLACKLIST_KINDS, type BlacklistKind } from '../../../shared/api/review';

/** Blacklisted identifiers: the list (expired ones on request), a form to add one, a button to remove one. */
export default function AdminBlacklist() {
  const { t } = useT('review');
  usePageTitle(t('blacklist.title'));
  const [expired, setExpired] = useState(false);
  const list = useLoad((signal) => blacklistEntries({ includeExpired: expired, limit: 100 }, signal), [expired]);
  const [error, setError] = useState<string | null>(null);
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    try {
      await addBlacklistEntry({
        kind: text('kind') as BlacklistKind,
        value: text('value'),
        reason: text('reason'),
        ...(text('expires') ? { expiresAt: new Date(Date.parse(text('expires'))).toISOString() } : {}),
      });
      form.reset();
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await removeBlacklistEntry(id);
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <ReviewGate>
      <p>
        <Link to="/admin/review">{t('back')}</Link>
      </p>
      <h1>{t('blacklist.title')}</h1>
      <label className="check">
        <input type="checkbox" checked={expired} onChange={(e) => setExpired(e.target.checked)} /> {t('blacklist.showExpired')}
      </label>
      <ErrorNote>{list.error ?? error}</ErrorNote>
      {list.data && list.data.items.length === 0 ? <p className="empty">{t('blacklist.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table className="review-blacklist" data-testid="blacklist">
          <thead>
            <tr>
              <th scope="col">{t('blacklist.kind')}</th>
              <th scope="col">{t('blacklist.value')}</th>
              <th scope="col">{t('blacklist.reason')}</th>
              <th scope="col">{t('blacklist.expires')}</th>
              <th scope="col">
                <span className="sr-only">{t('blacklist.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((e) => (
              <tr key={e.id} className={e.active ? undefined : 'expired'}>
                <td>{t(`blacklist.kinds.${e.kind}`)}</td>
                <td>
                  <code>{e.value}</code>
                </td>
                <td>{e.reason}</td>
                <td>{e.expiresAt ? `${dateTime(e.expiresAt)}${e.active ? '' : ` (${t('blacklist.expired')})`}` : t('blacklist.never')}</td>
                <td>
                  <button type="button" className="button button-ghost" onClick={() => void remove(e.id)}>
                    {t('blacklist.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="stack" onSubmit={add}>
        <div className="field">
          <label htmlFor="bl-kind">{t('blacklist.kind')}</label>
          <select id="bl-kind" name="kind">
            {BLACKLIST_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`blacklist.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bl-value">{t('blacklist.value')}</label>
          <input id="bl-value" name="value" required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="bl-reason">{t('blacklist.reason')}</label>
          <input id="bl-reason" name="reason" required minLength={3} />
        </div>
        <div className="field">
          <label htmlFor="bl-expires">{t('blacklist.expires')}</label>
          <input id="bl-expires" name="expires" type="datetime-local" />
        </div>
        <button type="submit" className="button">
          {t('blacklist.add')}
        </button>
      </form>
    </ReviewGate>
  );
}

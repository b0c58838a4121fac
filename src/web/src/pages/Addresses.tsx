import { useState } from 'react';
import type { AddressView } from '../../../shared/api/addresses';
import { addressApi } from '../addresses-api';
import { errorText } from '../api';
import { AddressForm, AddressLines } from '../components/address';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, navigate, useLocation, usePageTitle } from '../router';

/** Only a path of this app is a place to go back to. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : null);

function Book() {
  const { t } = useT('addresses');
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const { data, error, loading, reload } = useLoad((s) => addressApi.list(s), []);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = data?.items ?? [];
  const act = async (id: string, f: () => Promise<unknown>) => {
    setBusy(id);
    setActionError(null);
    try {
      await f();
      reload();
    } catch (e) {
      setActionError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const saved = (_a: AddressView) => {
    setEditing(null);
    setNotice(t('saved'));
    reload();
    if (next) navigate(next);
  };
  if (loading && !data) return <Loading />;
  return (
    <div className="stack">
      <ErrorNote>{error ?? actionError}</ErrorNote>
      {notice ? (
        <p className="note note-success" role="status">
          {notice}
        </p>
      ) : null}
      {list.length === 0 ? <p className="empty">{t('empty')}</p> : null}
      <ul className="rows" aria-label={t('listLabel')} data-testid="address-list">
        {list.map((a) => (
          <li key={a.id} className="row-item" data-testid="address-row">
            {editing === a.id ? (
              <AddressForm initial={a} onSaved={saved} onCancel={() => setEditing(null)} />
            ) : (
              <div className="row-link">
                <div className="row-main">
                  <AddressLines address={a} />
                  {a.isDefault ? <span className="badge">{t('isDefault')}</span> : null}
                </div>
                <div className="row-side actions-row">
                  <button type="button" className="button button-ghost button-small" onClick={() => setEditing(a.id)}>
                    {t('edit')}
                  </button>
                  {a.isDefault ? null : (
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      disabled={busy === a.id}
                      onClick={() => void act(a.id, () => addressApi.update(a.id, { isDefault: true }))}
                    >
                      {t('makeDefault')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    disabled={busy === a.id}
                    onClick={() => void act(a.id, () => addressApi.remove(a.id))}
                  >
                    {busy === a.id ? t('removing') : t('remove')}
                  </button>
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing === 'new' ? (
        <section className="panel">
          <h2>{t('formAdd')}</h2>
          <AddressForm onSaved={saved} onCancel={() => setEditing(null)} />
        </section>
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('add')}
          </button>
        </p>
      )}
      {next ? (
        <p>
          <Link to={next}>{t('cancel')}</Link>
        </p>
      ) : null}
    </div>
  );
}

export default function AddressesPage() {
  const { t } = useT('addresses');
  usePageTitle(t('title'));
  return (
    <RequireUser what={t('signInTo')}>
      <div className="page medium">
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        <Book />
      </div>
    </RequireUser>
  );
}

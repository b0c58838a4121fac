import { type FormEvent, useEffect, useState } from 'react';
import { type AdminUser, api, errorText } from '../../api';
import { date } from '../../format';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { ErrorNote, Loading } from '../ui';

const USERS_PAGE = 25;

/** The confirm step of a role change, worded for granting or revoking. */
function RoleConfirm({ u, busy, onConfirm, onKeep }: { u: AdminUser; busy: boolean; onConfirm(e: FormEvent<HTMLFormElement>): void; onKeep(): void }) {
  const { t } = useT('admin');
  const { t: tc } = useT('common');
  const isAdmin = u.roles.includes('admin');
  const who = { name: u.displayName, email: u.email };
  return (
    <form className="stack" onSubmit={onConfirm}>
      <p>{isAdmin ? t('users.confirmRevoke', who) : t('users.confirmGrant', who)}</p>
      <div className="field">
        <label htmlFor={`role-reason-${u.id}`}>{t('users.reason')}</label>
        <input id={`role-reason-${u.id}`} name="reason" maxLength={1000} />
      </div>
      <div className="input-row">
        <button type="submit" className={isAdmin ? 'button button-danger' : 'button'} disabled={busy}>
          {busy ? tc('saving') : isAdmin ? t('users.yesRevoke') : t('users.yesGrant')}
        </button>
        <button type="button" className="button button-ghost" onClick={onKeep} disabled={busy}>
          {t('users.keep')}
        </button>
      </div>
    </form>
  );
}

/** One user row with the grant/revoke admin action behind a confirm step. */
function UserRow({ u, self, onChanged }: { u: AdminUser; self: boolean; onChanged: (u: AdminUser) => void }) {
  const { t } = useT('admin');
  const isAdmin = u.roles.includes('admin');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<AdminUser | null>(null);
  const confirm = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const next = await api.changeRole(u.id, isAdmin ? 'revoke' : 'grant', reason || undefined);
      onChanged(next);
      setDone(next);
      setConfirming(false);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="row-item" data-testid="admin-user">
      <div className="row-main">
        <strong>{u.displayName}</strong>
        <span className="muted">
          {u.email}
          {self ? ` ${t('users.you')}` : ''}
        </span>
        <span className="muted">
          {[
            isAdmin ? t('users.administrator') : t('users.member'),
            t('users.memberSince', { date: date(u.createdAt) }),
            t('users.auctions', { count: u.auctionCount }),
            t('users.orders', { count: u.orderCount }),
          ].join(' · ')}
        </span>
        {confirming ? <RoleConfirm u={u} busy={busy} onConfirm={confirm} onKeep={() => setConfirming(false)} /> : null}
        {done ? (
          <p className="note note-ok">
            {done.roles.includes('admin') ? t('users.nowAdmin', { name: done.displayName }) : t('users.noLongerAdmin', { name: done.displayName })}
          </p>
        ) : null}
        <ErrorNote>{error}</ErrorNote>
      </div>
      {confirming ? null : (
        <button
          type="button"
          className="button button-ghost button-small"
          onClick={() => {
            setDone(null);
            setError(null);
            setConfirming(true);
          }}
        >
          {isAdmin ? t('users.revoke') : t('users.grant')}
        </button>
      )}
    </li>
  );
}

/** Pages of users, searched by email or name, fetched as the list grows. */
function useUserList(q: string) {
  const [items, setItems] = useState<AdminUser[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    api
      .adminUsers({ limit: USERS_PAGE, ...(q ? { q } : {}) }, ctl.signal)
      .then((page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(errorText(e));
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [q]);
  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api.adminUsers({ limit: USERS_PAGE, cursor, ...(q ? { q } : {}) });
      setItems((xs) => [...xs, ...page.items.filter((u) => !xs.some((x) => x.id === u.id))]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };
  return { items, setItems, cursor, loading, error, more };
}

export function Users() {
  const { t } = useT('admin');
  const { user } = useSession();
  const [q, setQ] = useState('');
  const [text, setText] = useState('');
  const { items, setItems, cursor, loading, error, more } = useUserList(q);
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setQ(text.trim());
  };
  return (
    <section className="panel" aria-labelledby="admin-users">
      <h2 id="admin-users">{t('users.title')}</h2>
      <form className="input-row" onSubmit={search} role="search">
        <label htmlFor="user-q" className="sr-only">
          {t('users.searchLabel')}
        </label>
        <input
          id="user-q"
          name="q"
          type="search"
          placeholder={t('users.searchLabel')}
          autoComplete="off"
          maxLength={200}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button">
          {t('users.search')}
        </button>
      </form>
      {q ? (
        <p className="hint">
          {t('users.matching', { q })}{' '}
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={() => {
              setText('');
              setQ('');
            }}
          >
            {t('users.everyone')}
          </button>
        </p>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
      {!loading && !error && items.length === 0 ? <p className="empty">{q ? t('users.noMatch') : t('users.none')}</p> : null}
      <ul className="rows" data-testid="admin-users">
        {items.map((u) => (
          <UserRow
            key={u.id}
            u={u}
            self={u.id === user?.id}
            onChanged={(next) => setItems((xs) => xs.map((x) => (x.id === next.id ? next : x)))}
          />
        ))}
      </ul>
      {loading ? <Loading /> : null}
      {cursor && !loading ? (
        <button type="button" className="button button-ghost" onClick={() => void more()}>
          {t('users.more')}
        </button>
      ) : null}
    </section>
  );
}

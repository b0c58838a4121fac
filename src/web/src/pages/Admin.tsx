import { type FormEvent, useEffect, useState } from 'react';
import { type AdminUser, api, csvUrl, errorText } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading, StatusPill } from '../components/ui';
import { dateTime, money } from '../format';
import { ORDER_STATUS } from '../orders';
import { useLoad } from '../hooks';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';
import type { AuctionView as Auction } from '../../../shared/api/auctions';
import type { OrderStatus } from '../../../shared/api/payments';

const DAY = 86_400_000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Accepts an id or a pasted link that contains one. */
const idIn = (text: string) => UUID.exec(text)?.[0]?.toLowerCase() ?? null;

function OrderLookup() {
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const id = idIn(String(new FormData(e.currentTarget).get('order') ?? ''));
    if (!id) return setError('Paste an order id or an order link.');
    try {
      await api.order(id);
      navigate(`/orders/${id}`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="admin-orders">
      <h2 id="admin-orders">Find an order</h2>
      <p className="hint">
        Open an order to resolve its dispute (refund in full or in part, or release to the seller) or to intervene: retry the payment, offer
        the item to the next bidder, release or refund escrow, cancel.
      </p>
      <form className="input-row" onSubmit={submit}>
        <label htmlFor="order-id" className="sr-only">
          Order id or link
        </label>
        <input id="order-id" name="order" placeholder="Order id or link" autoComplete="off" />
        <button type="submit" className="button">
          Open order
        </button>
      </form>
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}

function DisputeQueue() {
  const { data, error, loading } = useLoad((s) => api.adminDisputes({ limit: 50 }, s), []);
  return (
    <section className="panel" aria-labelledby="admin-disputes">
      <h2 id="admin-disputes">Open disputes</h2>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? <p className="hint">No open disputes.</p> : null}
      <ul className="rows" data-testid="dispute-queue">
        {data?.items.map(({ dispute, order }) => (
          <li key={dispute.id} className="row-item">
            <Link to={`/orders/${order.id}`} className="row-link">
              <div className="row-main">
                <strong>{order.title}</strong>
                <span className="muted">
                  {dispute.reason} · {money(order.capturedAmount - order.refundedAmount, order.currency)} in escrow ·{' '}
                  {dateTime(dispute.createdAt)}
                </span>
              </div>
              <span className="standing standing-bad">{dispute.status === 'responded' ? 'Seller responded' : 'Open'}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

const ATTENTION: [OrderStatus | '', string][] = [
  ['', 'All'],
  ['awaiting_payment_method', 'Payment needed'],
  ['requires_action', 'Needs confirmation'],
  ['in_escrow', 'In escrow'],
  ['shipped', 'Shipped'],
  ['disputed', 'Disputed'],
];

function RecentOrders() {
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const { data, error, loading } = useLoad((s) => api.adminOrders({ limit: 20, ...(status ? { status } : {}) }, s), [status]);
  return (
    <section className="panel" aria-labelledby="admin-recent">
      <h2 id="admin-recent">Orders</h2>
      <div className="field">
        <label htmlFor="order-status">Status</label>
        <select id="order-status" value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | '')}>
          {ATTENTION.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data && data.items.length === 0 ? <p className="hint">No orders.</p> : null}
      <ul className="rows compact-rows">
        {data?.items.map((o) => (
          <li key={o.id} className="row-item">
            <Link to={`/orders/${o.id}`} className="row-link">
              <div className="row-main">
                <strong>{o.items[0]?.title ?? 'Order'}</strong>
                <span className="muted">
                  {money(o.total, o.currency)} · {dateTime(o.createdAt)}
                </span>
              </div>
              <span className="standing standing-info">{ORDER_STATUS[o.status].label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Revenue() {
  const [period, setPeriod] = useState<'day' | 'month'>('day');
  const [days, setDays] = useState(30);
  const [to] = useState(() => new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000).toISOString());
  const from = new Date(Date.parse(to) - days * DAY).toISOString();
  const { data, error, loading } = useLoad((s) => api.revenue({ from, to, period }, s), [from, to, period]);
  const totals = new Map<string, number>();
  for (const r of data?.rows ?? []) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.revenue);
  return (
    <section className="panel" aria-labelledby="admin-revenue">
      <h2 id="admin-revenue">Revenue</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="rev-days">Period</label>
          <select id="rev-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={365}>Last year</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="rev-by">By</label>
          <select id="rev-by" value={period} onChange={(e) => setPeriod(e.target.value === 'month' ? 'month' : 'day')}>
            <option value="day">Day</option>
            <option value="month">Month</option>
          </select>
        </div>
      </div>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? (
        data.rows.length === 0 ? (
          <p className="empty">No commission earned in this period.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="revenue">
              <thead>
                <tr>
                  <th scope="col">{period === 'day' ? 'Day' : 'Month'}</th>
                  <th scope="col">Currency</th>
                  <th scope="col">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.period}-${r.currency}`}>
                    <td>{r.period}</td>
                    <td>{r.currency}</td>
                    <td>{money(r.revenue, r.currency)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {[...totals].map(([c, v]) => (
                  <tr key={c}>
                    <th scope="row" colSpan={2}>
                      Total {c}
                    </th>
                    <td>{money(v, c)}</td>
                  </tr>
                ))}
              </tfoot>
            </table>
          </div>
        )
      ) : null}
      <p>
        <a href={csvUrl('/admin/reports/revenue', { from, to, period })} download="revenue.csv">
          Download CSV
        </a>
      </p>
    </section>
  );
}

function Ledger() {
  const { data, error, loading, reload } = useLoad((s) => api.ledgerCheck(s), []);
  return (
    <section className="panel" aria-labelledby="admin-ledger">
      <h2 id="admin-ledger">Ledger check</h2>
      {loading && !data ? <Loading /> : null}
      <ErrorNote>{error}</ErrorNote>
      {data ? (
        <>
          <p className={data.balanced ? 'state state-good' : 'state state-bad'} data-testid="ledger-balanced">
            {data.balanced ? 'The books balance: debits equal credits in every currency.' : 'The ledger does not balance!'}
          </p>
          {data.perCurrency.length > 0 ? (
            <ul className="facts facts-wide">
              {data.perCurrency.map((c) => (
                <li key={c.currency}>
                  <span className="muted">{c.currency}</span>
                  <span>
                    {money(c.debits, c.currency)} debits / {money(c.credits, c.currency)} credits
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">No money has moved yet.</p>
          )}
          {data.unbalancedTransactions.length > 0 ? (
            <p className="note note-error">Unbalanced transactions: {data.unbalancedTransactions.join(', ')}</p>
          ) : null}
        </>
      ) : null}
      <button type="button" className="button button-ghost button-small" onClick={reload}>
        Check again
      </button>
    </section>
  );
}

function CancelAuction() {
  const [auction, setAuction] = useState<Auction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const find = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const id = idIn(String(new FormData(e.currentTarget).get('auction') ?? ''));
    if (!id) return setError('Paste an auction id or an auction link.');
    try {
      setAuction(await api.auction(id));
    } catch (err) {
      setAuction(null);
      setError(errorText(err));
    }
  };
  const cancel = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!auction) return;
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    try {
      const a = await api.cancelAuction(auction.id, reason || undefined);
      setAuction(a);
      setDone('The auction is cancelled. Bidders are told.');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="admin-auctions">
      <h2 id="admin-auctions">Cancel an auction</h2>
      <form className="input-row" onSubmit={find}>
        <label htmlFor="auction-id" className="sr-only">
          Auction id or link
        </label>
        <input id="auction-id" name="auction" placeholder="Auction id or link" autoComplete="off" />
        <button type="submit" className="button button-ghost">
          Find
        </button>
      </form>
      {auction ? (
        <form className="stack" onSubmit={cancel}>
          <p>
            <StatusPill status={auction.status} /> <Link to={`/auctions/${auction.id}`}>{auction.title}</Link> · {auction.bidCount} bids
          </p>
          {auction.status === 'active' || auction.status === 'scheduled' ? (
            <>
              <div className="field">
                <label htmlFor="cancel-reason">Reason (shown to bidders)</label>
                <input id="cancel-reason" name="reason" maxLength={500} />
              </div>
              <button type="submit" className="button button-danger">
                Cancel auction
              </button>
            </>
          ) : null}
        </form>
      ) : null}
      {done ? <p className="note note-ok">{done}</p> : null}
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}

const USERS_PAGE = 25;

/** One user row with the grant/revoke admin action behind a confirm step. */
function UserRow({ u, self, onChanged }: { u: AdminUser; self: boolean; onChanged: (u: AdminUser) => void }) {
  const isAdmin = u.roles.includes('admin');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const confirm = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const next = await api.changeRole(u.id, isAdmin ? 'revoke' : 'grant', reason || undefined);
      onChanged(next);
      setDone(
        next.roles.includes('admin') ? `${next.displayName} is now an administrator.` : `${next.displayName} is no longer an administrator.`,
      );
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
          {self ? ' (you)' : ''}
        </span>
        <span className="muted">
          {isAdmin ? 'Administrator' : 'Member'} · member since {dateTime(u.createdAt)} · {u.auctionCount}{' '}
          {u.auctionCount === 1 ? 'auction' : 'auctions'} · {u.orderCount} {u.orderCount === 1 ? 'order' : 'orders'}
        </span>
        {confirming ? (
          <form className="stack" onSubmit={confirm}>
            <p>
              {isAdmin
                ? `Remove the admin role from ${u.displayName} (${u.email})? They lose access to these pages at once.`
                : `Make ${u.displayName} (${u.email}) an administrator? They can refund orders, cancel auctions and change roles.`}
            </p>
            <div className="field">
              <label htmlFor={`role-reason-${u.id}`}>Reason (kept in the audit log, optional)</label>
              <input id={`role-reason-${u.id}`} name="reason" maxLength={1000} />
            </div>
            <div className="input-row">
              <button type="submit" className={isAdmin ? 'button button-danger' : 'button'} disabled={busy}>
                {busy ? 'Saving…' : isAdmin ? 'Yes, remove admin' : 'Yes, make admin'}
              </button>
              <button type="button" className="button button-ghost" onClick={() => setConfirming(false)} disabled={busy}>
                Keep as is
              </button>
            </div>
          </form>
        ) : null}
        {done ? <p className="note note-ok">{done}</p> : null}
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
          {isAdmin ? 'Remove admin' : 'Make admin'}
        </button>
      )}
    </li>
  );
}

function Users() {
  const { user } = useSession();
  const [q, setQ] = useState('');
  const [text, setText] = useState('');
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
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setQ(text.trim());
  };

  return (
    <section className="panel" aria-labelledby="admin-users">
      <h2 id="admin-users">Users</h2>
      <form className="input-row" onSubmit={search} role="search">
        <label htmlFor="user-q" className="sr-only">
          Email or name
        </label>
        <input
          id="user-q"
          name="q"
          type="search"
          placeholder="Email or name"
          autoComplete="off"
          maxLength={200}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {q ? (
        <p className="hint">
          Users matching “{q}”.{' '}
          <button type="button" className="button button-ghost button-small" onClick={() => {
              setText('');
              setQ('');
            }}
          >
            Show everyone
          </button>
        </p>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
      {!loading && !error && items.length === 0 ? <p className="empty">{q ? 'Nobody matches this search.' : 'No users yet.'}</p> : null}
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
        <button type="button" className="button button-ghost" onClick={more}>
          Show more
        </button>
      ) : null}
    </section>
  );
}

const TABS = [
  ['overview', 'Orders and money'],
  ['users', 'Users'],
] as const;
type Tab = (typeof TABS)[number][0];

export default function Admin() {
  usePageTitle('Administration');
  const { user } = useSession();
  const { query } = useLocation();
  const tab: Tab = query.get('tab') === 'users' ? 'users' : 'overview';
  return (
    <RequireUser what="administer Gavel">
      <div className="page">
        <h1>Administration</h1>
        {user && !user.roles.includes('admin') ? (
          <ErrorNote>Only administrators can see this page.</ErrorNote>
        ) : (
          <>
            <fieldset className="tabs plain-group">
              <legend className="sr-only">Section</legend>
              {TABS.map(([v, label]) => (
                <button
                  key={v}
                  type="button"
                  className={tab === v ? 'tab active' : 'tab'}
                  aria-pressed={tab === v}
                  onClick={() => navigate(v === 'overview' ? '/admin' : `/admin?tab=${v}`, { replace: true })}
                >
                  {label}
                </button>
              ))}
            </fieldset>
            {tab === 'users' ? (
              <Users />
            ) : (
              <div className="admin-grid">
                <DisputeQueue />
                <RecentOrders />
                <OrderLookup />
                <Ledger />
                <Revenue />
                <CancelAuction />
              </div>
            )}
          </>
        )}
      </div>
    </RequireUser>
  );
}

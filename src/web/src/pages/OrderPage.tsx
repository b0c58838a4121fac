import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { type AdminOrderAction, api, errorText, newKey, type OrderRouteAction } from '../api';
import { useServerNow } from '../clock';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, duration, money, toMinor, cardLabel } from '../format';
import { useLoad } from '../hooks';
import { eventLabel, ORDER_STATUS, paymentLine } from '../orders';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';
import type {
  Dispute,
  OrderActionName,
  OrderEvent,
  OrderView as Order,
  PaymentMethodView as PaymentMethod,
} from '../../../shared/api/payments';
import { orderTitle } from './Orders';
import { BuyerAddressStep, SellerAddress } from '../components/order-address';

const TERMINAL = new Set(['paid_out', 'refunded', 'payment_failed', 'lapsed', 'rejected', 'cancelled']);
const POLL_MS = 3000;
// Orders that ended before they were paid: nothing will ship.
const TERMINAL_BEFORE_PAYMENT = new Set(['payment_failed', 'lapsed', 'rejected', 'cancelled']);
const DISPUTE_REASONS = ['Item not received', 'Item not as described', 'Item arrived damaged', 'Other'];

/** Runs one action at a time and keeps its Idempotency-Key for retries of the same click. */
function useAction(onDone: (o?: Order) => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(new Map<string, string>());
  const run = async (name: string, f: (key: string) => Promise<Order | undefined | unknown>) => {
    const key = keys.current.get(name) ?? newKey();
    keys.current.set(name, key);
    setBusy(name);
    setError(null);
    try {
      const r = await f(key);
      keys.current.delete(name);
      onDone(r && typeof r === 'object' && 'status' in r && 'total' in r ? (r as Order) : undefined);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

function Box({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function BuyerActions({ order, actions, refresh }: { order: Order; actions: OrderActionName[]; refresh(o?: Order): void }) {
  const { busy, error, run } = useAction(refresh);
  const methods = useLoad(
    (s) => (actions.includes('pay') ? api.paymentMethods(s) : Promise.resolve({ items: [] as PaymentMethod[] })),
    [actions.includes('pay')],
  );
  const [methodId, setMethodId] = useState('');
  const [reason, setReason] = useState(DISPUTE_REASONS[0] ?? '');
  const act = (a: OrderRouteAction, body?: Record<string, unknown>) => run(a, (k) => api.orderAction(order.id, a, body, k));
  const list = methods.data?.items ?? [];
  const chosen = methodId || (list.find((m) => m.isDefault) ?? list[0])?.id || '';
  const dispute = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const message = String(new FormData(e.currentTarget).get('message') ?? '').trim();
    if (!message) return;
    void run('dispute', () => api.openDispute(order.id, reason, message));
  };
  return (
    <Box title="What you can do">
      {actions.includes('accept_offer') ? (
        <div className="actions-row">
          <p>
            The winner did not pay. You may buy this for <strong>{money(order.total, order.currency)}</strong>, your own highest bid.
          </p>
          <button type="button" className="button button-accent" disabled={!!busy} onClick={() => void act('accept_offer')}>
            Accept offer
          </button>{' '}
          <button type="button" className="button button-ghost" disabled={!!busy} onClick={() => void act('decline_offer')}>
            Decline
          </button>
        </div>
      ) : null}
      {actions.includes('confirm_payment') ? (
        <p>
          <button type="button" className="button" disabled={!!busy} onClick={() => void act('confirm_payment')}>
            Confirm payment (3-D Secure)
          </button>
        </p>
      ) : null}
      {actions.includes('pay') ? (
        <div className="stack-tight">
          {list.length === 0 && !methods.loading ? (
            <p className="note note-info">
              Add a card first. <Link to={`/account/payment-methods?next=/orders/${order.id}`}>Add a payment method</Link>
            </p>
          ) : (
            <div className="field">
              <label htmlFor="pay-method">Pay with</label>
              <select id="pay-method" value={chosen} onChange={(e) => setMethodId(e.target.value)}>
                {list.map((m) => (
                  <option key={m.id} value={m.id}>
                    {cardLabel(m)}
                    {m.isDefault ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button
            type="button"
            className="button button-accent"
            disabled={!!busy || !chosen}
            onClick={() => void act('pay', { paymentMethodId: chosen })}
          >
            {busy === 'pay' ? 'Paying…' : `Pay ${money(order.total, order.currency)}`}
          </button>
        </div>
      ) : null}
      {actions.includes('confirm_receipt') ? (
        <p>
          <button type="button" className="button" disabled={!!busy} onClick={() => void act('confirm_receipt')}>
            I received it: release payment to the seller
          </button>
        </p>
      ) : null}
      {actions.includes('open_dispute') ? (
        <details className="dispute-form">
          <summary>Something wrong? Open a dispute</summary>
          <form className="stack" onSubmit={dispute}>
            <div className="field">
              <label htmlFor="dispute-reason">Reason</label>
              <select id="dispute-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                {DISPUTE_REASONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="dispute-message">What happened?</label>
              <textarea id="dispute-message" name="message" rows={4} maxLength={5000} required />
            </div>
            <button type="submit" className="button button-danger" disabled={!!busy}>
              Open dispute
            </button>
          </form>
        </details>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
    </Box>
  );
}

function SellerActions({ order, actions, refresh }: { order: Order; actions: OrderActionName[]; refresh(o?: Order): void }) {
  const { busy, error, run } = useAction(refresh);
  const ship = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const carrier = String(f.get('carrier') ?? '').trim();
    const tracking = String(f.get('tracking') ?? '').trim();
    if (!carrier || !tracking) return;
    void run('ship', (k) => api.orderAction(order.id, 'ship', { carrier, tracking }, k));
  };
  const reject = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    if (!reason) return;
    void run('reject', (k) => api.orderAction(order.id, 'reject', { reason }, k));
  };
  return (
    <Box title="What you can do">
      {actions.includes('ship') ? (
        <form className="stack" onSubmit={ship}>
          <p className="hint">The buyer has paid; the money is in escrow. Ship the item and enter its tracking details.</p>
          <div className="row">
            <div className="field">
              <label htmlFor="carrier">Carrier</label>
              <input id="carrier" name="carrier" maxLength={100} required />
            </div>
            <div className="field">
              <label htmlFor="tracking">Tracking number</label>
              <input id="tracking" name="tracking" maxLength={200} required />
            </div>
          </div>
          <button type="submit" className="button" disabled={!!busy}>
            Mark as shipped
          </button>
        </form>
      ) : null}
      {actions.includes('reject') ? (
        <details>
          <summary>Reject the winning bid</summary>
          <form className="stack" onSubmit={reject}>
            <p className="hint">The item is then offered to the next bidder. Nothing has been charged yet.</p>
            <div className="field">
              <label htmlFor="reject-reason">Reason</label>
              <input id="reject-reason" name="reason" maxLength={1000} required />
            </div>
            <button type="submit" className="button button-danger" disabled={!!busy}>
              Reject winning bid
            </button>
          </form>
        </details>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
    </Box>
  );
}

function AdminActions({ order, disputes, refresh }: { order: Order; disputes: Dispute[]; refresh(o?: Order): void }) {
  const { busy, error, run } = useAction(refresh);
  const open = disputes.find((d) => d.status === 'open' || d.status === 'responded');
  const [outcome, setOutcome] = useState<'refund' | 'release'>('refund');
  const resolve = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!open) return;
    const f = new FormData(e.currentTarget);
    const amountText = String(f.get('amount') ?? '').trim();
    const amount = amountText ? toMinor(amountText, order.currency) : undefined;
    if (amount === null) return;
    const note = String(f.get('note') ?? '').trim();
    void run('resolve', (k) =>
      api.resolveDispute(open.id, { outcome, ...(outcome === 'refund' && amount ? { amount } : {}), ...(note ? { note } : {}) }, k),
    );
  };
  const admin = (a: AdminOrderAction) => run(a, (k) => api.adminOrderAction(order.id, a, 'admin via web', k));
  return (
    <Box title="Administrator">
      {open ? (
        <form className="stack" onSubmit={resolve}>
          <h3>Resolve the dispute</h3>
          <fieldset className="plain-group">
            <legend className="sr-only">Outcome</legend>
            <label className="check">
              <input type="radio" name="outcome" checked={outcome === 'refund'} onChange={() => setOutcome('refund')} /> Refund the buyer
            </label>
            <label className="check">
              <input type="radio" name="outcome" checked={outcome === 'release'} onChange={() => setOutcome('release')} /> Release to the
              seller
            </label>
          </fieldset>
          {outcome === 'refund' ? (
            <div className="field">
              <label htmlFor="refund-amount">Refund amount (empty: everything)</label>
              <input id="refund-amount" name="amount" inputMode="decimal" placeholder={String(order.capturedAmount / 100)} />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="resolve-note">Note</label>
            <input id="resolve-note" name="note" maxLength={2000} />
          </div>
          <button type="submit" className="button" disabled={!!busy}>
            Resolve dispute
          </button>
        </form>
      ) : null}
      <div className="button-row">
        {(
          [
            ['retry_payment', 'Retry payment'],
            ['next_offer', 'Offer to next bidder'],
            ['release', 'Release escrow'],
            ['refund', 'Refund'],
            ['cancel', 'Cancel order'],
          ] as [AdminOrderAction, string][]
        ).map(([a, label]) => (
          <button
            key={a}
            type="button"
            className={a === 'cancel' || a === 'refund' ? 'button button-danger button-small' : 'button button-ghost button-small'}
            disabled={!!busy}
            onClick={() => void admin(a)}
          >
            {label}
          </button>
        ))}
      </div>
      <p className="hint">Actions the order's state does not allow are refused with a reason.</p>
      <ErrorNote>{error}</ErrorNote>
    </Box>
  );
}

function DisputeThread({ disputes, isSeller, refresh }: { disputes: Dispute[]; isSeller: boolean; refresh(): void }) {
  const { busy, error, run } = useAction(() => refresh());
  if (disputes.length === 0) return null;
  return (
    <Box title="Dispute">
      {disputes.map((d) => (
        <article key={d.id} className="thread" data-testid="dispute" data-status={d.status}>
          <p>
            <span className="pill pill-warn">{d.status.replace(/_/g, ' ')}</span> <strong>{d.reason}</strong>{' '}
            <span className="muted">{dateTime(d.createdAt)}</span>
          </p>
          <blockquote>
            <span className="muted">Buyer:</span> {d.message}
          </blockquote>
          {d.sellerResponse ? (
            <blockquote>
              <span className="muted">Seller:</span> {d.sellerResponse}
            </blockquote>
          ) : null}
          {d.resolution ? (
            <p className="note note-info">
              Resolved: {String(d.resolution.outcome ?? '')}
              {typeof d.resolution.note === 'string' && d.resolution.note ? ` · ${d.resolution.note}` : ''}
            </p>
          ) : null}
          {isSeller && d.status === 'open' ? (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                const message = String(new FormData(e.currentTarget).get('message') ?? '').trim();
                if (message) void run('respond', () => api.respondDispute(d.id, message));
              }}
            >
              <div className="field">
                <label htmlFor={`respond-${d.id}`}>Your response</label>
                <textarea id={`respond-${d.id}`} name="message" rows={3} maxLength={5000} required />
              </div>
              <button type="submit" className="button" disabled={!!busy}>
                Send response
              </button>
            </form>
          ) : null}
        </article>
      ))}
      <ErrorNote>{error}</ErrorNote>
    </Box>
  );
}

function Timeline({ events }: { events: OrderEvent[] }) {
  return (
    <Box title="Timeline">
      <ol className="timeline" data-testid="order-timeline">
        {events.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the audit trail is append-only, so positions are stable
          <li key={`${e.at}-${i}`}>
            <span>{eventLabel(e.type)}</span>{' '}
            <time className="muted" dateTime={e.at}>
              {dateTime(e.at)}
            </time>
          </li>
        ))}
      </ol>
    </Box>
  );
}

function OrderView({ id }: { id: string }) {
  const { user } = useSession();
  const now = useServerNow(1000);
  const [n, setN] = useState(0);
  const [fresh, setFresh] = useState<Order | null>(null);
  const order = useLoad((s) => api.order(id, s), [id, n]);
  const events = useLoad((s) => api.orderEvents(id, s), [id, n]);
  const disputes = useLoad((s) => api.orderDisputes(id, s), [id, n]);
  const o = fresh && order.data && fresh.updatedAt > order.data.updatedAt ? fresh : order.data;
  usePageTitle(o ? orderTitle(o) : 'Order');
  const status = o?.status;
  // The settlement workflow runs in the background: follow the order until it settles.
  useEffect(() => {
    if (!status || TERMINAL.has(status)) return;
    const t = setInterval(() => setN((x) => x + 1), POLL_MS);
    return () => clearInterval(t);
  }, [status]);
  if (order.error) return <ErrorNote>{order.error}</ErrorNote>;
  if (!o || !user) return <Loading />;
  const refresh = (next?: Order) => {
    if (next) setFresh(next);
    setN((x) => x + 1);
  };
  const role = o.buyerId === user.id ? 'buyer' : o.sellerId === user.id || o.items.some((i) => i.sellerId === user.id) ? 'seller' : 'other';
  const ds = disputes.data?.items ?? [];
  // The server lists what this viewer may do now; the page only shows it.
  const actions = o.allowedActions;
  const st = ORDER_STATUS[o.status];
  const deadline = o.deadlineAt && !TERMINAL.has(o.status) ? Date.parse(o.deadlineAt) - now : null;
  return (
    <>
      <p className="crumbs">
        <Link to={role === 'seller' ? '/orders?role=seller' : '/orders'}>Orders</Link> / {orderTitle(o)}
      </p>
      <h1>{orderTitle(o)}</h1>
      <div className={`state state-${st.tone === 'muted' ? 'info' : st.tone}`} data-testid="order-status" data-status={o.status}>
        {st.label}
        <span className="state-help">{st.help}</span>
        {deadline !== null && deadline > 0 ? <span className="state-help">Deadline: {duration(deadline)} left</span> : null}
      </div>
      <div className="order-layout">
        <div className="stack">
          <section className="panel" aria-label="Summary">
            <ul className="facts">
              <li>
                <span className="muted">Total</span>
                <span data-testid="order-total">{money(o.total, o.currency)}</span>
              </li>
              <li>
                <span className="muted">Payment</span>
                <span>{paymentLine(o)}</span>
              </li>
              <li>
                <span className="muted">Type</span>
                <span>{o.kind === 'auction' ? (o.offerRank > 1 ? 'Second-chance offer' : 'Auction win') : 'Flash sale'}</span>
              </li>
              <li>
                <span className="muted">You are</span>
                <span>{role === 'other' ? 'Administrator' : role === 'buyer' ? 'Buyer' : 'Seller'}</span>
              </li>
              {o.carrier ? (
                <li>
                  <span className="muted">Shipping</span>
                  <span>
                    {o.carrier} · {o.tracking}
                  </span>
                </li>
              ) : null}
              {o.refundedAmount > 0 ? (
                <li>
                  <span className="muted">Refunded</span>
                  <span>{money(o.refundedAmount, o.currency)}</span>
                </li>
              ) : null}
              {role !== 'buyer' && o.commission !== null ? (
                <li>
                  <span className="muted">Commission</span>
                  <span>{money(o.commission, o.currency)}</span>
                </li>
              ) : null}
            </ul>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Price</th>
                </tr>
              </thead>
              <tbody>
                {o.items.map((i) => (
                  <tr key={i.ref}>
                    <td>{o.auctionId && o.kind === 'auction' ? <Link to={`/auctions/${o.auctionId}`}>{i.title}</Link> : i.title}</td>
                    <td>{i.quantity}</td>
                    <td>{money(i.unitPrice * i.quantity, o.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {o.capturedAmount > 0 ? (
              <p>
                <Link to={`/orders/${o.id}/receipt`}>View receipt</Link>
              </p>
            ) : null}
            {o.reason ? <p className="hint">Reason: {o.reason}</p> : null}
          </section>
          {role === 'buyer' ? <BuyerAddressStep order={o} refresh={refresh} /> : null}
          {role === 'seller' && !TERMINAL_BEFORE_PAYMENT.has(o.status) ? <SellerAddress order={o} /> : null}
          {role === 'buyer' && actions.some((a) => a !== 'set_shipping_address') ? <BuyerActions order={o} actions={actions} refresh={refresh} /> : null}
          {role === 'seller' && actions.length > 0 ? <SellerActions order={o} actions={actions} refresh={refresh} /> : null}
          <DisputeThread disputes={ds} isSeller={role === 'seller'} refresh={refresh} />
          {user.roles.includes('admin') ? <AdminActions order={o} disputes={ds} refresh={refresh} /> : null}
        </div>
        <Timeline events={events.data?.items ?? []} />
      </div>
    </>
  );
}

export default function OrderPage({ params }: { params: Record<string, string> }) {
  return (
    <RequireUser what="see this order">
      <div className="page">
        <OrderView id={params.id ?? ''} />
      </div>
    </RequireUser>
  );
}

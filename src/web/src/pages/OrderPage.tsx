import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import { type AdminOrderAction, api, errorText, newKey, type OrderRouteAction } from '../api';
import { useServerNow } from '../clock';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { cardLabel, dateTime, duration, money, toDecimal, toMinor } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
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
import { orderKind, orderTitle } from './Orders';
import { orders as catalogue } from '../../../shared/i18n/orders';
import { BuyerAddressStep, SellerAddress } from '../components/order-address';

const TERMINAL = new Set(['paid_out', 'refunded', 'payment_failed', 'lapsed', 'rejected', 'cancelled']);
const POLL_MS = 3000;
// Orders that ended before they were paid: nothing will ship.
const TERMINAL_BEFORE_PAYMENT = new Set(['payment_failed', 'lapsed', 'rejected', 'cancelled']);
// A dispute's reason is stored in English (the admin queue reads it); each reader sees it in their language.
const DISPUTE_REASONS = ['notReceived', 'notAsDescribed', 'damaged', 'other'] as const;
type ReasonKey = (typeof DISPUTE_REASONS)[number];
const reasonText = (k: ReasonKey): string => catalogue.en.dispute.reasons[k];
const reasonKey = (text: string): ReasonKey | undefined => DISPUTE_REASONS.find((k) => reasonText(k) === text);

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
  const { t } = useT('orders');
  const { busy, error, run } = useAction(refresh);
  const methods = useLoad(
    (s) => (actions.includes('pay') ? api.paymentMethods(s) : Promise.resolve({ items: [] as PaymentMethod[] })),
    [actions.includes('pay')],
  );
  const [methodId, setMethodId] = useState('');
  const [reason, setReason] = useState<ReasonKey>('notReceived');
  const act = (a: OrderRouteAction, body?: Record<string, unknown>) => run(a, (k) => api.orderAction(order.id, a, body, k));
  const list = methods.data?.items ?? [];
  const chosen = methodId || (list.find((m) => m.isDefault) ?? list[0])?.id || '';
  const dispute = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const message = String(new FormData(e.currentTarget).get('message') ?? '').trim();
    if (!message) return;
    void run('dispute', () => api.openDispute(order.id, reasonText(reason), message));
  };
  return (
    <Box title={t('actions.title')}>
      {actions.includes('accept_offer') ? (
        <div className="actions-row">
          <p>
            <Trans t={t} i18nKey="actions.offer" values={{ amount: money(order.total, order.currency) }} components={{ strong: <strong /> }} />
          </p>
          <button type="button" className="button button-accent" disabled={!!busy} onClick={() => void act('accept_offer')}>
            {t('actions.accept')}
          </button>{' '}
          <button type="button" className="button button-ghost" disabled={!!busy} onClick={() => void act('decline_offer')}>
            {t('actions.decline')}
          </button>
        </div>
      ) : null}
      {actions.includes('confirm_payment') ? (
        <p>
          <button type="button" className="button" disabled={!!busy} onClick={() => void act('confirm_payment')}>
            {t('actions.confirmPayment')}
          </button>
        </p>
      ) : null}
      {actions.includes('pay') ? (
        <div className="stack-tight">
          {list.length === 0 && !methods.loading ? (
            <p className="note note-info">
              {t('actions.addCard')} <Link to={`/account/payment-methods?next=/orders/${order.id}`}>{t('actions.addMethod')}</Link>
            </p>
          ) : (
            <div className="field">
              <label htmlFor="pay-method">{t('actions.payWith')}</label>
              <select id="pay-method" value={chosen} onChange={(e) => setMethodId(e.target.value)}>
                {list.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.isDefault ? t('actions.cardDefault', { card: cardLabel(m) }) : cardLabel(m)}
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
            {busy === 'pay' ? t('actions.paying') : t('actions.pay', { amount: money(order.total, order.currency) })}
          </button>
        </div>
      ) : null}
      {actions.includes('confirm_receipt') ? (
        <p>
          <button type="button" className="button" disabled={!!busy} onClick={() => void act('confirm_receipt')}>
            {t('actions.received')}
          </button>
        </p>
      ) : null}
      {actions.includes('open_dispute') ? (
        <details className="dispute-form">
          <summary>{t('actions.disputeOpen')}</summary>
          <form className="stack" onSubmit={dispute}>
            <div className="field">
              <label htmlFor="dispute-reason">{t('actions.reason')}</label>
              <select id="dispute-reason" value={reason} onChange={(e) => setReason(e.target.value as ReasonKey)}>
                {DISPUTE_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`dispute.reasons.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="dispute-message">{t('actions.whatHappened')}</label>
              <textarea id="dispute-message" name="message" rows={4} maxLength={5000} required />
            </div>
            <button type="submit" className="button button-danger" disabled={!!busy}>
              {t('actions.openDispute')}
            </button>
          </form>
        </details>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
    </Box>
  );
}

function SellerActions({ order, actions, refresh }: { order: Order; actions: OrderActionName[]; refresh(o?: Order): void }) {
  const { t } = useT('orders');
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
    <Box title={t('actions.title')}>
      {actions.includes('ship') ? (
        <form className="stack" onSubmit={ship}>
          <p className="hint">{t('actions.shipHint')}</p>
          <div className="row">
            <div className="field">
              <label htmlFor="carrier">{t('actions.carrier')}</label>
              <input id="carrier" name="carrier" maxLength={100} required />
            </div>
            <div className="field">
              <label htmlFor="tracking">{t('actions.tracking')}</label>
              <input id="tracking" name="tracking" maxLength={200} required />
            </div>
          </div>
          <button type="submit" className="button" disabled={!!busy}>
            {t('actions.markShipped')}
          </button>
        </form>
      ) : null}
      {actions.includes('reject') ? (
        <details>
          <summary>{t('actions.rejectOpen')}</summary>
          <form className="stack" onSubmit={reject}>
            <p className="hint">{t('actions.rejectHint')}</p>
            <div className="field">
              <label htmlFor="reject-reason">{t('actions.reason')}</label>
              <input id="reject-reason" name="reason" maxLength={1000} required />
            </div>
            <button type="submit" className="button button-danger" disabled={!!busy}>
              {t('actions.reject')}
            </button>
          </form>
        </details>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
    </Box>
  );
}

const ADMIN_ACTIONS: AdminOrderAction[] = ['retry_payment', 'next_offer', 'release', 'refund', 'cancel'];

function AdminActions({ order, disputes, refresh }: { order: Order; disputes: Dispute[]; refresh(o?: Order): void }) {
  const { t } = useT('orders');
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
    <Box title={t('admin.title')}>
      {open ? (
        <form className="stack" onSubmit={resolve}>
          <h3>{t('admin.resolveTitle')}</h3>
          <fieldset className="plain-group">
            <legend className="sr-only">{t('admin.outcome')}</legend>
            <label className="check">
              <input type="radio" name="outcome" checked={outcome === 'refund'} onChange={() => setOutcome('refund')} /> {t('admin.refundBuyer')}
            </label>
            <label className="check">
              <input type="radio" name="outcome" checked={outcome === 'release'} onChange={() => setOutcome('release')} />{' '}
              {t('admin.releaseSeller')}
            </label>
          </fieldset>
          {outcome === 'refund' ? (
            <div className="field">
              <label htmlFor="refund-amount">{t('admin.refundAmount')}</label>
              <input id="refund-amount" name="amount" inputMode="decimal" placeholder={toDecimal(order.capturedAmount, order.currency)} />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="resolve-note">{t('admin.note')}</label>
            <input id="resolve-note" name="note" maxLength={2000} />
          </div>
          <button type="submit" className="button" disabled={!!busy}>
            {t('admin.resolve')}
          </button>
        </form>
      ) : null}
      <div className="button-row">
        {ADMIN_ACTIONS.map((a) => (
          <button
            key={a}
            type="button"
            className={a === 'cancel' || a === 'refund' ? 'button button-danger button-small' : 'button button-ghost button-small'}
            disabled={!!busy}
            onClick={() => void admin(a)}
          >
            {t(`admin.${a}`)}
          </button>
        ))}
      </div>
      <p className="hint">{t('admin.hint')}</p>
      <ErrorNote>{error}</ErrorNote>
    </Box>
  );
}

function DisputeThread({ disputes, isSeller, refresh }: { disputes: Dispute[]; isSeller: boolean; refresh(): void }) {
  const { t } = useT('orders');
  const { busy, error, run } = useAction(() => refresh());
  if (disputes.length === 0) return null;
  const reasonLabel = (text: string) => {
    const k = reasonKey(text);
    return k ? t(`dispute.reasons.${k}`) : text;
  };
  const outcomeLabel = (o: unknown) => (o === 'refund' || o === 'release' ? t(`dispute.outcome.${o}`) : String(o ?? ''));
  return (
    <Box title={t('dispute.title')}>
      {disputes.map((d) => (
        <article key={d.id} className="thread" data-testid="dispute" data-status={d.status}>
          <p>
            <span className="pill pill-warn">{t(`dispute.status.${d.status}`)}</span> <strong>{reasonLabel(d.reason)}</strong>{' '}
            <span className="muted">{dateTime(d.createdAt)}</span>
          </p>
          <blockquote>
            <span className="muted">{t('dispute.buyer')}</span> {d.message}
          </blockquote>
          {d.sellerResponse ? (
            <blockquote>
              <span className="muted">{t('dispute.seller')}</span> {d.sellerResponse}
            </blockquote>
          ) : null}
          {d.resolution ? (
            <p className="note note-info">
              {t('dispute.resolved', { outcome: outcomeLabel(d.resolution.outcome) })}
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
                <label htmlFor={`respond-${d.id}`}>{t('dispute.yourResponse')}</label>
                <textarea id={`respond-${d.id}`} name="message" rows={3} maxLength={5000} required />
              </div>
              <button type="submit" className="button" disabled={!!busy}>
                {t('dispute.send')}
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
  const { t } = useT('orders');
  return (
    <Box title={t('page.timeline')}>
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
  const { t } = useT('orders');
  const { user } = useSession();
  const now = useServerNow(1000);
  const [n, setN] = useState(0);
  const [fresh, setFresh] = useState<Order | null>(null);
  const order = useLoad((s) => api.order(id, s), [id, n]);
  const events = useLoad((s) => api.orderEvents(id, s), [id, n]);
  const disputes = useLoad((s) => api.orderDisputes(id, s), [id, n]);
  const o = fresh && order.data && fresh.updatedAt > order.data.updatedAt ? fresh : order.data;
  usePageTitle(o ? orderTitle(o) : t('page.title'));
  const status = o?.status;
  // The settlement workflow runs in the background: follow the order until it settles.
  useEffect(() => {
    if (!status || TERMINAL.has(status)) return;
    const timer = setInterval(() => setN((x) => x + 1), POLL_MS);
    return () => clearInterval(timer);
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
        <Link to={role === 'seller' ? '/orders?role=seller' : '/orders'}>{t('page.crumbs')}</Link> / {orderTitle(o)}
      </p>
      <h1>{orderTitle(o)}</h1>
      <div className={`state state-${st.tone === 'muted' ? 'info' : st.tone}`} data-testid="order-status" data-status={o.status}>
        {st.label}
        <span className="state-help">{st.help}</span>
        {deadline !== null && deadline > 0 ? <span className="state-help">{t('page.deadline', { duration: duration(deadline) })}</span> : null}
      </div>
      <div className="order-layout">
        <div className="stack">
          <section className="panel" aria-label={t('page.summary')}>
            <ul className="facts">
              <li>
                <span className="muted">{t('page.total')}</span>
                <span data-testid="order-total">{money(o.total, o.currency)}</span>
              </li>
              <li>
                <span className="muted">{t('page.payment')}</span>
                <span>{paymentLine(o)}</span>
              </li>
              <li>
                <span className="muted">{t('page.type')}</span>
                <span>{orderKind(o)}</span>
              </li>
              <li>
                <span className="muted">{t('page.youAre')}</span>
                <span>{t(`page.role.${role}`)}</span>
              </li>
              {o.carrier ? (
                <li>
                  <span className="muted">{t('page.shipping')}</span>
                  <span>
                    {o.carrier} · {o.tracking}
                  </span>
                </li>
              ) : null}
              {o.refundedAmount > 0 ? (
                <li>
                  <span className="muted">{t('page.refunded')}</span>
                  <span>{money(o.refundedAmount, o.currency)}</span>
                </li>
              ) : null}
              {role !== 'buyer' && o.commission !== null ? (
                <li>
                  <span className="muted">{t('page.commission')}</span>
                  <span>{money(o.commission, o.currency)}</span>
                </li>
              ) : null}
            </ul>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('page.item')}</th>
                  <th scope="col">{t('page.qty')}</th>
                  <th scope="col">{t('page.price')}</th>
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
                <Link to={`/orders/${o.id}/receipt`}>{t('page.viewReceipt')}</Link>
              </p>
            ) : null}
            {o.reason ? <p className="hint">{t('page.reason', { reason: o.reason })}</p> : null}
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
    <RequireUser>
      <div className="page">
        <OrderView id={params.id ?? ''} />
      </div>
    </RequireUser>
  );
}

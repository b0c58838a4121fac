import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorText, newKey } from '../api';
import { cartChanged } from '../cart';
import { useServerNow } from '../clock';
import { SaleCountdown, SalePill } from '../components/flash';
import { ErrorNote, Loading, Thumb } from '../components/ui';
import { itemState, salePhase, useFlashSaleLive } from '../flash-sale-live';
import { dateTime, money } from '../format';
import { useT } from '../i18n';
import { Link, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';
import type { Cart, FlashItem } from '../../../shared/api/flash-sales';

type Outcome = { ok: true; text: string } | { ok: false; text: string };

function ItemCard({
  saleId,
  item,
  phase,
  held,
  signedIn,
  onReserved,
}: {
  saleId: string;
  item: FlashItem;
  phase: 'upcoming' | 'live' | 'ended';
  held: number;
  signedIn: boolean;
  onReserved(): void;
}) {
  const { t } = useT('flash');
  const { path } = useLocation();
  const state = itemState(item, phase);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [qty, setQty] = useState('1');
  // One key per attempt; a retry of the same attempt (lost answer) reuses it.
  const key = useRef<string>(newKey());
  const pct = item.stock > 0 ? Math.round((item.remaining / item.stock) * 100) : 0;

  const reserve = async (e: FormEvent) => {
    e.preventDefault();
    const quantity = Number(qty);
    if (!Number.isInteger(quantity) || quantity < 1) return setOutcome({ ok: false, text: t('reserve.chooseQuantity') });
    // The server decides (it knows what you already bought); this only saves a round trip.
    if (quantity > item.perUserLimit) return setOutcome({ ok: false, text: t('reserve.overLimit', { limit: item.perUserLimit }) });
    setBusy(true);
    setOutcome(null);
    try {
      const r = await api.reserve(saleId, item.id, quantity, key.current);
      key.current = newKey();
      setOutcome({
        ok: true,
        text: t('reserve.done', { quantity: r.reservation.quantity, title: item.title, until: dateTime(r.reservation.expiresAt) }),
      });
      setQty('1');
      cartChanged();
      onReserved();
    } catch (err) {
      // A refusal is final for this attempt; a network failure keeps the key for the retry.
      if (err instanceof ApiError && err.status > 0) key.current = newKey();
      setOutcome({ ok: false, text: errorText(err) });
      if (err instanceof ApiError && (err.code === 'SOLD_OUT' || err.code === 'INSUFFICIENT_STOCK')) onReserved();
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="flash-item" data-testid="flash-item" data-sku={item.sku} data-state={state}>
      <Thumb auction={{ id: item.id, title: item.title, imageUrls: item.imageUrl ? [item.imageUrl] : [] }} />
      <div className="flash-item-body">
        <div className="card-meta">
          <span className={state === 'live' ? 'pill pill-active' : state === 'sold_out' ? 'pill pill-warn' : 'pill pill-closed'}>
            {t(`item.status.${state}`)}
          </span>
        </div>
        <h3>{item.title}</h3>
        {item.description ? <p className="muted clamp">{item.description}</p> : null}
        <p className="flash-price">{money(item.price, item.currency)}</p>
        <div className="stock" aria-live="polite">
          <div className="stock-bar" aria-hidden="true">
            <span style={{ width: `${pct}%` }} />
          </div>
          <span data-testid="remaining" data-remaining={item.remaining}>
            {item.remaining > 0 ? t('item.remaining', { count: item.remaining, stock: item.stock }) : t('item.noneLeft')}
          </span>
        </div>
        <p className="hint">
          {t('item.limit', { limit: item.perUserLimit })}
          {held > 0 ? ` · ${t('item.inCart', { count: held })}` : ''}
        </p>
        {state === 'sold_out' ? (
          <p className="state state-bad" data-testid="sold-out">
            {t('item.soldOut')}
          </p>
        ) : state === 'live' && !signedIn ? (
          <Link to={`/signin?next=${encodeURIComponent(path)}`} className="button">
            {t('item.signIn')}
          </Link>
        ) : state === 'live' ? (
          <form className="reserve-form" onSubmit={reserve} noValidate>
            <div className="field">
              <label htmlFor={`qty-${item.id}`}>{t('item.quantity')}</label>
              <input
                id={`qty-${item.id}`}
                type="number"
                inputMode="numeric"
                min={1}
                max={item.perUserLimit}
                value={qty}
                onChange={(e) => setQty(e.target.value)}
              />
            </div>
            <button type="submit" className="button button-accent" disabled={busy}>
              {busy ? t('item.reserving') : t('item.reserve')}
            </button>
          </form>
        ) : null}
        {outcome ? (
          <p
            className={outcome.ok ? 'note note-ok' : 'note note-error'}
            role={outcome.ok ? 'status' : 'alert'}
            data-testid="reserve-outcome"
          >
            {outcome.text} {outcome.ok ? <Link to="/cart">{t('item.goToCart')}</Link> : null}
          </p>
        ) : null}
      </div>
    </li>
  );
}

export default function FlashSalePage({ params }: { params: Record<string, string> }) {
  const { t } = useT('flash');
  const saleId = params.id ?? '';
  const { sale, error, connection, refresh } = useFlashSaleLive(saleId);
  const { user } = useSession();
  const now = useServerNow(1000);
  const [cart, setCart] = useState<Cart | null>(null);
  usePageTitle(sale?.title ?? t('sale.fallbackTitle'));

  const loadCart = () => {
    if (user) api.cart().then(setCart, () => {});
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the cart when the user changes
  useEffect(loadCart, [user?.id]);

  if (error) {
    return (
      <div className="page narrow">
        <h1>{t('sale.notFound')}</h1>
        <ErrorNote>{error.message}</ErrorNote>
        <Link to="/flash-sales">{t('sale.seeAll')}</Link>
      </div>
    );
  }
  if (!sale) return <Loading />;
  const phase = salePhase(sale, now);
  const held = new Map<string, number>();
  for (const l of cart?.items ?? [])
    if (l.sale.id === sale.id) held.set(l.reservation.itemId, (held.get(l.reservation.itemId) ?? 0) + l.reservation.quantity);
  const allGone = phase === 'live' && sale.items.every((i) => i.remaining <= 0);

  return (
    <div className="page">
      <p className="crumbs">
        <Link to="/flash-sales">{t('title')}</Link> / {sale.title}
      </p>
      <div className="sale-head">
        <div>
          <div className="card-meta">
            <SalePill sale={sale} />
            <span className="live-status" data-testid="live-status" data-connection={connection}>
              {connection === 'offline' ? (
                <span className="pill pill-warn">{t('sale.reconnecting')}</span>
              ) : connection === 'connecting' ? null : (
                <span className="live-updates" title={t('sale.liveHint')}>
                  <span className="live-dot" aria-hidden="true" /> {t('sale.liveStock')}
                </span>
              )}
            </span>
          </div>
          <h1>{sale.title}</h1>
          {sale.description ? <p className="description">{sale.description}</p> : null}
        </div>
        <div className="sale-clock">
          <strong>
            <SaleCountdown sale={sale} />
          </strong>
          <span className="muted">
            {dateTime(sale.startsAt)} – {dateTime(sale.endsAt)}
          </span>
        </div>
      </div>
      {phase === 'upcoming' ? (
        <p className="state state-info">{t('sale.notStarted')}</p>
      ) : null}
      {phase === 'ended' ? <p className="state state-info">{t('sale.ended')}</p> : null}
      {allGone ? (
        <p className="state state-bad" data-testid="sale-sold-out">
          {t('sale.allSoldOut')}
        </p>
      ) : null}
      {held.size > 0 ? (
        <p className="note note-info">
          {t('sale.inCart')} <Link to="/cart">{t('sale.checkOut')}</Link>
        </p>
      ) : null}
      <ul className="flash-items" aria-label={t('sale.items')}>
        {sale.items.map((i) => (
          <ItemCard
            key={i.id}
            saleId={sale.id}
            item={i}
            phase={phase}
            held={held.get(i.id) ?? 0}
            signedIn={!!user}
            onReserved={() => {
              void refresh().catch(() => {});
              loadCart();
            }}
          />
        ))}
      </ul>
    </div>
  );
}

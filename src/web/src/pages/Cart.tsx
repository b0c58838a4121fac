import { useRef, useState } from 'react';
import { api, errorText, newKey } from '../api';
import { cartChanged, useCart } from '../cart';
import { useServerNow } from '../clock';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading, Thumb } from '../components/ui';
import { duration, money, cardLabel } from '../format';
import { useLoad } from '../hooks';
import { Link, navigate, usePageTitle } from '../router';
import type { CartLine } from '../../../shared/api/flash-sales';
import type { AddressView } from '../../../shared/api/addresses';
import { addressApi } from '../addresses-api';
import { AddressPicker, defaultAddressId } from '../components/address';
import { useT } from '../i18n';
import type { PaymentMethodView as PaymentMethod } from '../../../shared/api/payments';

function Line({ line, now, onReleased }: { line: CartLine; now: number; onReleased(): void }) {
  const { t } = useT('cart');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = Date.parse(line.reservation.expiresAt) - now;
  const release = async () => {
    setBusy(true);
    try {
      await api.release(line.reservation.id);
      cartChanged();
      onReleased();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <li className="row-item" data-testid="cart-line" data-expired={left <= 0}>
      <div className="row-link">
        <Thumb
          auction={{ id: line.reservation.itemId, title: line.item.title, imageUrls: line.item.imageUrl ? [line.item.imageUrl] : [] }}
        />
        <div className="row-main">
          <strong>{line.item.title}</strong>
          <span className="muted">
            <Link to={`/flash-sales/${line.sale.id}`}>{line.sale.title}</Link> · {line.reservation.quantity} ×{' '}
            {money(line.item.price, line.item.currency)}
          </span>
          {left > 0 ? (
            <span className={left < 60_000 ? 'countdown countdown-urgent' : 'countdown'} data-testid="hold-timer">
              {t('heldFor')} <time dateTime={line.reservation.expiresAt}>{duration(left)}</time>
            </span>
          ) : (
            <span className="countdown countdown-urgent">{t('expired')}</span>
          )}
          <ErrorNote>{error}</ErrorNote>
        </div>
        <div className="row-side">
          <strong>{money(line.lineTotal, line.item.currency)}</strong>
          <button type="button" className="button button-ghost button-small" disabled={busy} onClick={() => void release()}>
            {busy ? t('removing') : t('remove')}
          </button>
        </div>
      </div>
    </li>
  );
}

function Checkout({
  lines,
  currency,
  methods,
  addresses,
}: {
  lines: CartLine[];
  currency: string;
  methods: PaymentMethod[];
  addresses: AddressView[];
}) {
  const { t } = useT('cart');
  const { t: ta } = useT('addresses');
  const [methodId, setMethodId] = useState(() => (methods.find((m) => m.isDefault) ?? methods[0])?.id ?? '');
  const [addressId, setAddressId] = useState(() => defaultAddressId(addresses));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = lines.map((l) => l.reservation.id);
  const total = lines.reduce((n, l) => n + l.lineTotal, 0);
  // One key per (cart, card): a retry after a lost answer returns the same order, never a second charge.
  const keyRef = useRef<{ sig: string; key: string } | null>(null);
  const sig = `${ids.join(',')}|${methodId}`;
  if (keyRef.current?.sig !== sig) keyRef.current = { sig, key: newKey() };

  const pay = async () => {
    if (!methodId) return setError(t('chooseCard'));
    setBusy(true);
    setError(null);
    try {
      const order = await api.checkout(ids, methodId, keyRef.current?.key ?? newKey());
      cartChanged();
      // The order keeps a copy of the chosen address; if that step fails, the order page asks again.
      await addressApi.chooseForOrder(order.id, addressId).catch(() => undefined);
      navigate(`/orders/${order.id}`);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <section className="panel checkout" aria-label={t('checkoutIn', { currency })}>
      <p className="big-price">
        <span className="muted">{t('total')}</span>
        <strong data-testid="cart-total">{money(total, currency)}</strong>
      </p>
      {methods.length === 0 ? (
        <p className="note note-info">
          {t('addCard')} <Link to="/account/payment-methods?next=/cart">{t('addMethod')}</Link>
        </p>
      ) : (
        <fieldset className="plain-group stack-tight">
          <legend>{t('payWith')}</legend>
          {methods.map((m) => (
            <label key={m.id} className={methodId === m.id ? 'choice selected' : 'choice'}>
              <input type="radio" name={`method-${currency}`} value={m.id} checked={methodId === m.id} onChange={() => setMethodId(m.id)} />
              <span>
                <strong>
                  {cardLabel(m)}
                </strong>
                <span className="hint">
                  {t('expires', { date: `${String(m.expMonth).padStart(2, '0')}/${m.expYear}` })}
                  {m.isDefault ? ` · ${t('isDefault')}` : ''}
                </span>
              </span>
            </label>
          ))}
          <Link to="/account/payment-methods?next=/cart">{t('otherCard')}</Link>
        </fieldset>
      )}
      <AddressPicker addresses={addresses} value={addressId} onChange={setAddressId} name={`address-${currency}`} next="/cart" />
      <ErrorNote>{error}</ErrorNote>
      <button
        type="button"
        className="button button-accent"
        disabled={busy || methods.length === 0 || !addressId}
        aria-describedby={addressId ? undefined : `no-address-${currency}`}
        onClick={() => void pay()}
      >
        {busy ? t('paying') : t('pay', { amount: money(total, currency) })}
      </button>
      {addressId ? null : (
        <p className="hint" id={`no-address-${currency}`}>
          {ta('cart.none')}
        </p>
      )}
    </section>
  );
}

function CartView() {
  const { t } = useT('cart');
  const now = useServerNow(1000);
  const cart = useCart();
  const methods = useLoad((s) => api.paymentMethods(s), []);
  const addresses = useLoad((s) => addressApi.list(s), []);
  const reload = () => void cart.refresh().catch(() => {});

  if ((!cart.loaded && !cart.error) || (methods.loading && !methods.data) || (addresses.loading && !addresses.data)) return <Loading />;
  if (cart.error) return <ErrorNote>{cart.error.message}</ErrorNote>;
  const lines = cart.data?.items ?? [];
  if (lines.length === 0)
    return (
      <p className="empty">
        {t('empty')} <Link to="/flash-sales">{t('seeSales')}</Link>
      </p>
    );
  const live = lines.filter((l) => Date.parse(l.reservation.expiresAt) > now);
  const currencies = [...new Set(live.map((l) => l.item.currency))];
  return (
    <div className="cart-layout">
      <ul className="rows" aria-label={t('reserved')}>
        {lines.map((l) => (
          <Line key={l.reservation.id} line={l} now={now} onReleased={reload} />
        ))}
      </ul>
      <div className="stack">
        <ErrorNote>{methods.error ?? addresses.error}</ErrorNote>
        {currencies.length > 1 ? <p className="hint">{t('currencies')}</p> : null}
        {currencies.map((c) => (
          <Checkout
            key={c}
            currency={c}
            lines={live.filter((l) => l.item.currency === c)}
            methods={methods.data?.items ?? []}
            addresses={addresses.data?.items ?? []}
          />
        ))}
      </div>
    </div>
  );
}

export default function CartPage() {
  const { t } = useT('cart');
  usePageTitle(t('title'));
  return (
    <RequireUser what={t('signInTo')}>
      <div className="page">
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        <CartView />
      </div>
    </RequireUser>
  );
}

import { useRef, useState } from 'react';
import type { OrderView as Order } from '../../../shared/api/payments';
import { addressApi } from '../addresses-api';
import { errorText, newKey } from '../api';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { AddressLines, AddressPicker, defaultAddressId } from './address';
import { ErrorNote } from './ui';

/**
 * The address step of an order: right after winning (or buying), the buyer chooses where it
 * ships; until it ships they may change it. The server says when (`set_shipping_address`).
 */
export function BuyerAddressStep({ order, refresh }: { order: Order; refresh(o?: Order): void }) {
  const { t } = useT('addresses');
  const may = order.allowedActions.includes('set_shipping_address');
  const [changing, setChanging] = useState(false);
  const book = useLoad((s) => addressApi.list(s), [may]);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef<{ id: string; key: string } | null>(null);
  const list = book.data?.items ?? [];
  const value = chosen || defaultAddressId(list);
  if (!order.shippingAddress && !may) return null;
  const open = may && (!order.shippingAddress || changing);
  const save = async () => {
    if (key.current?.id !== value) key.current = { id: value, key: newKey() };
    setBusy(true);
    setError(null);
    try {
      const o = await addressApi.chooseForOrder(order.id, value, key.current.key);
      setChanging(false);
      refresh(o);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-label={t('step.title')} data-testid="address-step">
      <h2>{open && !order.shippingAddress ? t('step.title') : t('step.chosen')}</h2>
      {order.shippingAddress && !open ? <AddressLines address={order.shippingAddress} testId="order-address" /> : null}
      {open ? (
        <div className="stack-tight">
          <p className="hint">{t('step.buyerHelp')}</p>
          <AddressPicker addresses={list} value={value} onChange={setChosen} name={`ship-${order.id}`} next={`/orders/${order.id}`} />
          {list.length > 0 ? (
            <button type="button" className="button button-accent" disabled={busy || !value} onClick={() => void save()}>
              {t('step.confirm')}
            </button>
          ) : null}
        </div>
      ) : may ? (
        <p>
          <button type="button" className="button button-ghost button-small" onClick={() => setChanging(true)}>
            {t('step.change')}
          </button>
        </p>
      ) : null}
      <ErrorNote>{error ?? book.error}</ErrorNote>
    </section>
  );
}

/** What the seller sees of where to ship: the address once paid and until shipped, else why not. */
export function SellerAddress({ order }: { order: Order }) {
  const { t } = useT('addresses');
  const shipped = ['shipped', 'disputed', 'released', 'paid_out', 'refunded'].includes(order.status) && order.escrow;
  const text = order.shippingAddress
    ? null
    : !order.hasShippingAddress
      ? t('seller.waiting')
      : shipped
        ? t('seller.hidden')
        : t('seller.afterPayment');
  return (
    <section className="panel" aria-label={t('seller.title')} data-testid="seller-address">
      <h2>{t('seller.title')}</h2>
      {order.shippingAddress ? <AddressLines address={order.shippingAddress} testId="order-address" /> : <p className="hint">{text}</p>}
    </section>
  );
}

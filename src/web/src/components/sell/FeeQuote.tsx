import { useEffect, useState } from 'react';
import type { CommissionQuote } from '../../../../shared/api/payments';
import { api } from '../../api';
import { money } from '../../format';
import { useT } from '../../i18n';

/** What the seller would pay if the item sold at the price typed so far (the server's commission rule). */
export function FeeQuote({ amount, currency, categoryId }: { amount: number | null; currency: string; categoryId: string }) {
  const { t } = useT('sell');
  const [quote, setQuote] = useState<CommissionQuote | null>(null);
  useEffect(() => {
    if (!amount || amount <= 0) {
      setQuote(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api
        .commission(amount, categoryId || undefined, ctl.signal)
        .then(setQuote)
        .catch(() => setQuote(null));
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [amount, categoryId]);
  if (!quote || quote.amount !== amount) return null;
  const pct = (quote.rule.bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });
  const terms = [
    t('fee.pct', { pct }),
    ...(quote.rule.min !== null ? [t('fee.min', { amount: money(quote.rule.min, currency) })] : []),
    ...(quote.rule.cap !== null ? [t('fee.cap', { amount: money(quote.rule.cap, currency) })] : []),
  ].join(', ');
  return (
    <p className="note note-info" data-testid="fee-quote" aria-live="polite">
      {t('fee.line', { price: money(quote.amount, currency), fee: money(quote.commission, currency), terms })} {t('fee.receive')}{' '}
      <strong>{money(quote.sellerReceives, currency)}</strong>. {t('fee.when')}
    </p>
  );
}

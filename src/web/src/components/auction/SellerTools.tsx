import { useState } from 'react';
import { ApiError, api } from '../../api';
import { useT } from '../../i18n';
import { ErrorNote } from '../ui';
import type { ActionProps } from './shared';

export function SellerTools({ a, onDone }: ActionProps) {
  const { t } = useT('auction');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!a.viewer?.isSeller || a.bidCount > 0 || a.status === 'closed' || a.status === 'cancelled') return null;
  const cancel = async () => {
    if (!window.confirm(t('seller.confirm'))) return;
    setBusy(true);
    try {
      await api.cancelAuction(a.id);
      await onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('seller.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="seller-tools">
      <p className="muted">{t('seller.note')}</p>
      <button type="button" className="button button-danger" disabled={busy} onClick={() => void cancel()}>
        {t('seller.cancel')}
      </button>
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}

import { type FormEvent, useState } from 'react';
import { api, errorText } from '../../api';
import { useT } from '../../i18n';
import { Link } from '../../router';
import { ErrorNote, StatusPill } from '../ui';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import { idIn } from './ids';

/** Finds an auction by id or link and cancels it with a reason bidders see. */
export function CancelAuction() {
  const { t } = useT('admin');
  const [auction, setAuction] = useState<Auction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const find = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    const id = idIn(String(new FormData(e.currentTarget).get('auction') ?? ''));
    if (!id) return setError(t('idOrLink.badAuction'));
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
      setAuction(await api.cancelAuction(auction.id, reason || undefined));
      setDone(true);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="admin-auctions">
      <h2 id="admin-auctions">{t('cancel.title')}</h2>
      <form className="input-row" onSubmit={find}>
        <label htmlFor="auction-id" className="sr-only">
          {t('cancel.label')}
        </label>
        <input id="auction-id" name="auction" placeholder={t('cancel.label')} autoComplete="off" />
        <button type="submit" className="button button-ghost">
          {t('cancel.find')}
        </button>
      </form>
      {auction ? (
        <form className="stack" onSubmit={cancel}>
          <p>
            <StatusPill status={auction.status} /> <Link to={`/auctions/${auction.id}`}>{auction.title}</Link> ·{' '}
            {t('cancel.bids', { count: auction.bidCount })}
          </p>
          {auction.status === 'active' || auction.status === 'scheduled' ? (
            <>
              <div className="field">
                <label htmlFor="cancel-reason">{t('cancel.reason')}</label>
                <input id="cancel-reason" name="reason" maxLength={500} />
              </div>
              <button type="submit" className="button button-danger">
                {t('cancel.submit')}
              </button>
            </>
          ) : null}
        </form>
      ) : null}
      {done ? <p className="note note-ok">{t('cancel.done')}</p> : null}
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}

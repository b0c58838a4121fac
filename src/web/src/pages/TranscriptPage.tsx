import { useState } from 'react';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime, money } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { gavelKeys, transcriptOf } from '../transcripts-api';
import type { TranscriptEntryView, TranscriptView } from '../../../shared/api/transcripts';
import { type Check, type VerifyReport, verifyTranscript } from '../../../shared/transcript-verify';

/** One event in words: who bid what, the new price, the result. */
function EventText({ e, currency }: { e: TranscriptEntryView; currency: string }) {
  const { t } = useT('transcripts');
  const ev = e.event;
  const amount = (n: number | null | undefined) => money(n ?? null, currency);
  const revealed = e.reveal && ev.type === 'bid_placed' && ev.kind !== 'proxy' ? ` · ${t('max', { amount: amount(e.reveal.value) })}` : '';
  switch (ev.type) {
    case 'bid_placed':
      return <>{t('bid', { bidder: ev.bidder ?? '', amount: amount(ev.amount), kind: t(`kind.${ev.kind ?? 'manual'}`) }) + revealed}</>;
    case 'price_changed':
      return <>{t('price', { price: amount(ev.price), leader: ev.leader ?? '' })}</>;
    case 'closed':
      return <>{ev.outcome === 'sold' ? t('closedSold', { winner: ev.winner ?? '', price: amount(ev.price) }) : t('closedUnsold')}</>;
    case 'extended':
      return <>{ev.endsAt ? dateTime(new Date(ev.endsAt).toISOString()) : null}</>;
    case 'bids_voided':
      return <>{t('voided', { bidder: ev.bidder ?? '', reason: ev.reason ?? '' })}</>;
    default:
      return null;
  }
}

/** A check's verdict in words; the event where it broke, when it names one. */
function CheckRow({ c }: { c: Check }) {
  const { t } = useT('transcripts');
  const status = c.skipped ? 'skip' : c.ok ? 'pass' : 'fail';
  return (
    <li className={`transcript-check transcript-check-${status}`} data-testid={`check-${c.name}`} data-status={status}>
      <strong>{t(`check.${c.name}`)}</strong>: {t(`status.${status}`)}
      {!c.ok && c.seq !== undefined ? ` (${t('brokeAt', { seq: c.seq })})` : null}
    </li>
  );
}

function Verifier({ tr }: { tr: TranscriptView }) {
  const { t } = useT('transcripts');
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await verifyTranscript(tr, await gavelKeys()));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="transcript-verify" aria-live="polite">
      <button type="button" className="button" disabled={busy} onClick={() => void run()} data-testid="verify">
        {busy ? t('verifying') : t('verify')}
      </button>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {report ? (
        <>
          <p className={report.ok ? 'note note-success' : 'note note-error'} data-testid="verdict" data-ok={String(report.ok)}>
            {report.ok ? t('verified') : tr.chained ? t('notVerified') : t('unchained')}
          </p>
          <ul className="transcript-checks">
            {report.checks.map((c) => (
              <CheckRow key={c.name} c={c} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function TranscriptBody({ id }: { id: string }) {
  const { t } = useT('transcripts');
  const { data: tr, error } = useLoad((s) => transcriptOf(id, s), [id]);
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (!tr) return <Loading />;
  const currency = tr.terms?.currency ?? 'EUR';
  return (
    <article className="panel transcript" data-testid="transcript">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <p>
        <Link to={`/auctions/${tr.auctionId}`}>{t('back')}</Link> · {t('signatures', { count: tr.signatures.length })}
      </p>
      <Verifier tr={tr} />
      <h2>{t('events')}</h2>
      <table className="table transcript-events">
        <thead>
          <tr>
            <th scope="col">{t('seq')}</th>
            <th scope="col">{t('time')}</th>
            <th scope="col">{t('event')}</th>
            <th scope="col">{t('hash')}</th>
          </tr>
        </thead>
        <tbody>
          {tr.entries.map((e) => (
            <tr key={e.event.seq} data-testid="transcript-event">
              <td>{e.event.seq}</td>
              <td>{dateTime(new Date(e.event.at).toISOString())}</td>
              <td>
                <span className="transcript-type">{t(`type.${e.event.type}`)}</span> <EventText e={e} currency={currency} />
              </td>
              <td>
                <code className="transcript-hash" title={e.hash ?? ''}>
                  {e.hash ? e.hash.slice(0, 16) : null}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

export default function TranscriptPage({ params }: { params: Record<string, string> }) {
  const { t } = useT('transcripts');
  usePageTitle(t('title'));
  return (
    <div className="page medium">
      <TranscriptBody id={params.id ?? ''} />
    </div>
  );
}

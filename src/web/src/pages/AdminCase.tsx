import { type FormEvent, useState } from 'react';
import { errorText } from '../api';
import { EvidenceGraph } from '../components/admin/EvidenceGraph';
import { ReviewGate } from '../components/admin/ReviewGate';
import { ErrorNote, Loading } from '../components/ui';
import { date, dateTime, money } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { actOnCase, reviewCase } from '../review-api';
import { BLACKLIST_KINDS, type BlacklistKind, type CaseActionBody, type CaseDetail, REVIEW_ACTIONS, type ReviewAction } from '../../../shared/api/review';

/** The signals as rows: nested objects flattened to dotted names, values as JSON text. */
export function signalRows(signals: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(signals).flatMap(([k, v]): [string, string][] =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? signalRows(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : JSON.stringify(v)]],
  );
}

/** One case: the account under review, the signals, the evidence graph, and the actions. */
export default function AdminCase({ params }: { params: Record<string, string> }) {
  const { t } = useT('review');
  usePageTitle(t('title'));
  const id = params.id ?? '';
  const detail = useLoad((signal) => reviewCase(id, signal), [id]);
  return (
    <ReviewGate>
      <p>
        <Link to="/admin/review">{t('back')}</Link>
      </p>
      <ErrorNote>{detail.error}</ErrorNote>
      {detail.data ? <CaseBody d={detail.data} reload={detail.reload} /> : detail.error ? null : <Loading />}
    </ReviewGate>
  );
}

function CaseBody({ d, reload }: { d: CaseDetail; reload: () => void }) {
  const { t } = useT('review');
  const rows = signalRows(d.signals);
  const r = d.case.resolution;
  return (
    <>
      <h1>{t('case.title', { kind: d.case.kind })}</h1>
      <p className="muted">
        {t('case.opened', { at: dateTime(d.case.openedAt), score: d.case.score })} · {t(`statuses.${d.case.status}`)}
        {d.case.auctionId ? (
          <>
            {' · '}
            <Link to={`/auctions/${d.case.auctionId}`}>{t('case.auction')}</Link>
          </>
        ) : null}
      </p>
      {r ? <p data-testid="case-resolution">{t('case.resolution', { action: t(`actions.names.${r.action}`), at: dateTime(r.at), reason: r.reason })}</p> : null}
      <div className="review-grid">
        <section className="panel" aria-labelledby="case-subject">
          <h2 id="case-subject">{t('case.subject')}</h2>
          <dl className="facts">
            <dt>{t('columns.subject')}</dt>
            <dd>{d.subject.displayName}</dd>
            <dt>{t('case.email')}</dt>
            <dd>{d.subject.email}</dd>
            <dt>{t('case.since')}</dt>
            <dd>{date(d.subject.createdAt)}</dd>
            <dt>{t('case.standing')}</dt>
            <dd>{t(`standings.${d.subject.standing}`)}</dd>
            <dt>{t('case.bids')}</dt>
            <dd>{d.subject.bidCount}</dd>
            <dt>{t('case.listings')}</dt>
            <dd>{d.subject.auctionCount}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="case-signals">
          <h2 id="case-signals">{t('signals.title')}</h2>
          {rows.length === 0 ? <p className="empty">{t('signals.none')}</p> : null}
          {rows.length > 0 ? (
            <table className="review-signals" data-testid="case-signals">
              <thead>
                <tr>
                  <th scope="col">{t('signals.name')}</th>
                  <th scope="col">{t('signals.value')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([k, v]) => (
                  <tr key={k}>
                    <td>
                      <code>{k}</code>
                    </td>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      </div>
      <section className="panel" aria-labelledby="case-graph">
        <h2 id="case-graph">{t('graph.title')}</h2>
        <EvidenceGraph nodes={d.graph.nodes} edges={d.graph.edges} />
        <h3>{t('graph.auctions')}</h3>
        {d.graph.auctions.length === 0 ? <p className="empty">{t('graph.noAuctions')}</p> : null}
        <ul>
          {d.graph.auctions.map((a) => (
            <li key={a.id}>
              <Link to={`/auctions/${a.id}`}>{a.title}</Link> · {money(a.currentPrice, a.currency)} · {t('graph.bidders', { count: a.bidderIds.length })}
            </li>
          ))}
        </ul>
      </section>
      <CaseActions d={d} reload={reload} />
    </>
  );
}

function CaseActions({ d, reload }: { d: CaseDetail; reload: () => void }) {
  const { t } = useT('review');
  const [action, setAction] = useState<ReviewAction>('void_bids');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    if (text('reason').length < 3) return setError(t('actions.badReason'));
    const name = t(`actions.names.${action}`);
    if (!window.confirm(t('actions.confirm', { action: name }))) return;
    const body: CaseActionBody = { action, reason: text('reason') };
    if (action === 'void_bids') {
      if (text('auctionId')) body.auctionId = text('auctionId');
      if (text('bidderId')) body.bidderId = text('bidderId');
    }
    if (action === 'blacklist') {
      body.items = [{ kind: text('kind') as BlacklistKind, value: text('value') }];
      if (text('expires')) body.expiresAt = new Date(Date.parse(text('expires'))).toISOString();
    }
    try {
      await actOnCase(d.case.id, body);
      setDone(t('actions.done', { action: name }));
      reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="case-actions">
      <h2 id="case-actions">{t('actions.title')}</h2>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="case-action">{t('actions.action')}</label>
          <select id="case-action" value={action} onChange={(e) => setAction(e.target.value as ReviewAction)}>
            {REVIEW_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`actions.names.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-reason">{t('actions.reason')}</label>
          <textarea id="case-reason" name="reason" required minLength={3} maxLength={500} />
        </div>
        {action === 'void_bids' ? (
          <>
            <div className="field">
              <label htmlFor="case-auction">{t('actions.auctionId')}</label>
              <input id="case-auction" name="auctionId" defaultValue={d.case.auctionId ?? ''} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="case-bidder">{t('actions.bidderId')}</label>
              <input id="case-bidder" name="bidderId" defaultValue={d.case.subject.id} autoComplete="off" />
            </div>
          </>
        ) : null}
        {action === 'blacklist' ? (
          <>
            <div className="field">
              <label htmlFor="case-kind">{t('actions.kind')}</label>
              <select id="case-kind" name="kind">
                {BLACKLIST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`blacklist.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="case-value">{t('actions.value')}</label>
              <input id="case-value" name="value" required autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="case-expires">{t('actions.expires')}</label>
              <input id="case-expires" name="expires" type="datetime-local" />
            </div>
          </>
        ) : null}
        <button type="submit" className="button">
          {t('actions.submit')}
        </button>
      </form>
      <ErrorNote>{error}</ErrorNote>
      {done ? (
        <p className="success" role="status">
          {done}
        </p>
      ) : null}
    </section>
  );
}

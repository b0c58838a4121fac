import { type FormEvent, useEffect, useState } from 'react';
import type { AuditEntryView, AuditVerifyResult } from '../../../shared/api/audit';
import { errorText } from '../api';
import { type AuditFilter, auditApi } from '../audit-api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { dateTime } from '../format';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';

const PAGE = 50;
const FIELDS = ['action', 'actorId', 'subjectType', 'subjectId'] as const;

/** A `datetime-local` value (the browser's zone) as the ISO instant the API takes. */
const instant = (v: string) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);

function filterOf(form: HTMLFormElement): AuditFilter {
  const d = new FormData(form);
  const f: AuditFilter = {};
  for (const k of FIELDS) {
    const v = String(d.get(k) ?? '').trim();
    if (v) f[k] = v;
  }
  const from = instant(String(d.get('from') ?? ''));
  const to = instant(String(d.get('to') ?? ''));
  if (from) f.from = from;
  if (to) f.to = to;
  return f;
}

function Filters({ onApply }: { onApply(f: AuditFilter): void }) {
  const { t } = useT('audit');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onApply(filterOf(e.currentTarget));
  };
  const field = (name: string, label: string, type = 'text', hint?: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input id={`audit-${name}`} name={name} type={type} maxLength={200} aria-describedby={hint ? `audit-${name}-hint` : undefined} />
      {hint ? (
        <span id={`audit-${name}-hint`} className="muted">
          {hint}
        </span>
      ) : null}
    </div>
  );
  return (
    <form className="audit-filters" onSubmit={submit} onReset={() => onApply({})}>
      <fieldset className="plain-group">
        <legend>{t('filters.legend')}</legend>
        {field('action', t('filters.action'), 'text', t('filters.actionHint'))}
        {field('actorId', t('filters.actorId'))}
        {field('subjectType', t('filters.subjectType'))}
        {field('subjectId', t('filters.subjectId'))}
        {field('from', t('filters.from'), 'datetime-local')}
        {field('to', t('filters.to'), 'datetime-local')}
      </fieldset>
      <div className="input-row">
        <button type="submit" className="button">
          {t('filters.apply')}
        </button>
        <button type="reset" className="button button-ghost">
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}

function Entries({ items }: { items: AuditEntryView[] }) {
  const { t } = useT('audit');
  return (
    <div className="table-wrap">
      <table className="table audit-table" data-testid="audit-entries">
        <caption className="sr-only">{t('table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('table.seq')}</th>
            <th scope="col">{t('table.at')}</th>
            <th scope="col">{t('table.action')}</th>
            <th scope="col">{t('table.actor')}</th>
            <th scope="col">{t('table.subject')}</th>
            <th scope="col">{t('table.ip')}</th>
            <th scope="col">{t('table.data')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.seq} data-testid="audit-entry">
              <td>{e.seq}</td>
              <td>{dateTime(e.at)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.actorId ?? t('table.system')}</td>
              <td>{[e.subjectType, e.subjectId].filter(Boolean).join(' ')}</td>
              <td>{e.ip ?? ''}</td>
              <td>
                <code className="audit-data">{JSON.stringify(e.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VerifyChain() {
  const { t } = useT('audit');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await auditApi.verify());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="audit-verify">
      <button type="button" className="button button-ghost" onClick={run} disabled={busy}>
        {busy ? t('verify.running') : t('verify.button')}
      </button>
      {result ? (
        <p className={result.ok ? 'note note-ok' : 'note note-error'} role="status" data-testid="audit-verify-result">
          {result.ok || !result.break
            ? t('verify.ok', { count: result.checked })
            : t('verify.broken', { seq: result.break.seq, reason: t(`verify.reasons.${result.break.reason}`), count: result.checked })}
        </p>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}

/** The log for one filter, a page at a time. */
function useEntries(filter: AuditFilter) {
  const [items, setItems] = useState<AuditEntryView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const load = (after: string | null, signal?: AbortSignal) => {
    setLoading(true);
    setError(null);
    auditApi
      .page(filter, PAGE, after, signal)
      .then((p) => {
        setItems((prev) => (after ? [...prev, ...p.items] : p.items));
        setCursor(p.nextCursor);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(errorText(e));
      })
      .finally(() => {
        if (!signal?.aborted) setLoading(false);
      });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts from the newest entry
  useEffect(() => {
    const ctl = new AbortController();
    load(null, ctl.signal);
    return () => ctl.abort();
  }, [filter]);
  return { items, cursor, loading, error, more: () => cursor && load(cursor) };
}

function AuditLog() {
  const { t } = useT('audit');
  const [filter, setFilter] = useState<AuditFilter>({});
  const { items, cursor, loading, error, more } = useEntries(filter);
  return (
    <>
      <Filters onApply={setFilter} />
      <div className="input-row">
        <a className="button button-ghost" href={auditApi.csvUrl(filter)} download="audit.csv" data-testid="audit-csv">
          {t('csv')}
        </a>
        <VerifyChain />
      </div>
      <ErrorNote>{error}</ErrorNote>
      {items.length > 0 ? <Entries items={items} /> : loading ? null : <p className="empty">{t('none')}</p>}
      {loading ? <Loading /> : null}
      {cursor && !loading ? (
        <button type="button" className="button button-ghost" onClick={more}>
          {t('more')}
        </button>
      ) : null}
    </>
  );
}

export default function AdminAudit() {
  const { t } = useT('audit');
  const { t: ta } = useT('admin');
  usePageTitle(t('title'));
  const { user } = useSession();
  return (
    <RequireUser what={ta('signInTo')}>
      <div className="page audit-page">
        <p>
          <Link to="/admin">{t('back')}</Link>
        </p>
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        {user && !user.roles.includes('admin') ? <ErrorNote>{ta('notAdmin')}</ErrorNote> : <AuditLog />}
      </div>
    </RequireUser>
  );
}

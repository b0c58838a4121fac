import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { MfaStatus, SessionView, TotpEnrollment } from '../../../shared/api/mfa';
import { errorText } from '../api';
import { date, dateTime } from '../format';
import { useT } from '../i18n';
import { cleanCode, deviceParts, mfaApi } from '../mfa-api';
import { ErrorNote, Loading } from './ui';

/** Recovery codes, shown once right after they are made. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useT('mfa');
  return (
    <div className="stack mfa-codes" data-testid="recovery-codes">
      <h3>{t('totp.codesTitle')}</h3>
      <p>{t('totp.codesIntro')}</p>
      <ol className="mfa-code-list">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <button type="button" className="button" onClick={onDone}>
        {t('totp.codesDone')}
      </button>
    </div>
  );
}

/** Enrollment in progress: the QR code and key, and the first code that turns MFA on. */
function Enrolling({ enrollment, onCodes }: { enrollment: TotpEnrollment; onCodes: (codes: string[]) => void }) {
  const { t } = useT('mfa');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCodes((await mfaApi.confirmTotp(cleanCode(String(new FormData(e.currentTarget).get('code') ?? '')))).recoveryCodes);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <p>{t('totp.scan')}</p>
      <img className="mfa-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.qrSvg)}`} alt={t('totp.qrAlt')} width={200} height={200} />
      <p>
        {t('totp.key')}: <code data-testid="totp-secret">{enrollment.secret}</code>
      </p>
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor="totp-confirm">{t('totp.confirmCode')}</label>
          <input id="totp-confirm" name="code" inputMode="numeric" autoComplete="one-time-code" required pattern="[0-9 ]{6,7}" />
        </div>
        <ErrorNote>{error}</ErrorNote>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('totp.confirming') : t('totp.confirm')}
        </button>
      </form>
    </div>
  );
}

/** The two-factor section: state, set up (QR, confirm, recovery codes once), new codes, turn off. */
export function TwoFactorSection() {
  const { t } = useT('mfa');
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [enrollment, setEnrollment] = useState<TotpEnrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => mfaApi.status().then(setStatus, (e: unknown) => setError(errorText(e))), []);
  useEffect(() => void reload(), [reload]);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  let body;
  if (!status) body = <Loading />;
  else if (codes) body = <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  else if (enrollment) body = <Enrolling enrollment={enrollment} onCodes={(c) => (setEnrollment(null), setCodes(c), void reload())} />;
  else if (status.totp)
    body = (
      <div className="stack">
        <p data-testid="mfa-state">{t('totp.on', { date: status.enabledAt ? date(status.enabledAt) : '', count: status.recoveryCodesLeft })}</p>
        <div className="row">
          <button type="button" className="button button-ghost" disabled={busy} onClick={() => void act(async () => setCodes((await mfaApi.regenerate()).recoveryCodes))}>
            {t('totp.regenerate')}
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void act(async () => (await mfaApi.disable(), await reload()))}>
            {t('totp.disable')}
          </button>
        </div>
      </div>
    );
  else
    body = (
      <div className="stack">
        <p data-testid="mfa-state">{t('totp.off')}</p>
        <button type="button" className="button" disabled={busy} onClick={() => void act(async () => setEnrollment(await mfaApi.startTotp()))}>
          {busy ? t('totp.starting') : t('totp.start')}
        </button>
      </div>
    );
  return (
    <section aria-labelledby="totp-title" className="stack">
      <h2 id="totp-title">{t('totp.title')}</h2>
      {body}
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}

function SessionRow({ s, onRevoke }: { s: SessionView; onRevoke: () => void }) {
  const { t } = useT('mfa');
  const { browser, os } = deviceParts(s.userAgent);
  const label = browser && os ? t('sessions.device', { browser, os }) : (browser ?? os ?? t('sessions.unknownDevice'));
  return (
    <li className="session-row" data-testid="session">
      <div>
        <strong>{label}</strong> {s.current ? <span className="pill">{t('sessions.current')}</span> : null}
        <div className="muted">
          {s.ip ? `${t('sessions.ip', { ip: s.ip })} · ` : ''}
          {t('sessions.created', { when: dateTime(s.createdAt) })}
          {s.lastSeenAt ? ` · ${t('sessions.lastSeen', { when: dateTime(s.lastSeenAt) })}` : ''}
        </div>
      </div>
      {s.current ? null : (
        <button type="button" className="button button-small button-ghost" onClick={onRevoke}>
          {t('sessions.revoke')}
        </button>
      )}
    </li>
  );
}

/** Where the account is signed in: each session's device, sign one out, or all others. */
export function SessionsSection() {
  const { t } = useT('mfa');
  const [items, setItems] = useState<SessionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reload = useCallback(() => mfaApi.sessions().then((r) => setItems(r.items), (e: unknown) => setError(errorText(e))), []);
  useEffect(() => void reload(), [reload]);
  const run = (work: () => Promise<string | null>) =>
    void work().then(
      (msg) => (setDone(msg), void reload()),
      (e: unknown) => setError(errorText(e)),
    );
  return (
    <section aria-labelledby="sessions-title" className="stack">
      <h2 id="sessions-title">{t('sessions.title')}</h2>
      {items === null ? (
        <Loading />
      ) : (
        <ul className="session-list">
          {items.map((s) => (
            <SessionRow key={s.id} s={s} onRevoke={() => run(async () => (await mfaApi.revokeSession(s.id), null))} />
          ))}
        </ul>
      )}
      {items && items.length <= 1 ? <p className="muted">{t('sessions.empty')}</p> : null}
      {items && items.length > 1 ? (
        <button type="button" className="button button-ghost" onClick={() => run(async () => t('sessions.revoked', { count: (await mfaApi.revokeOthers()).revoked }))}>
          {t('sessions.revokeOthers')}
        </button>
      ) : null}
      {done ? (
        <p className="note note-ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorNote>{error}</ErrorNote>
    </section>
  );
}

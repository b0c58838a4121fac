import { type FormEvent, useState } from 'react';
import type { SandboxSessionView } from '../../../shared/api/verification';
import { errorText } from '../api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { verificationApi } from '../verification-api';

type Field = 'firstName' | 'lastName' | 'dateOfBirth' | 'country' | 'documentNumber';

/** The sandbox provider's hosted step: the person types test data, the sandbox decides later by webhook. */
function HostedStep({ reference }: { reference: string }) {
  const { t } = useT('verification');
  const { data, error, loading } = useLoad((s) => verificationApi.sandboxSession(reference, s), [reference]);
  const [done, setDone] = useState<SandboxSessionView | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: Field) => String(f.get(k) ?? '').trim();
    setBusy(true);
    setFailed(null);
    try {
      const body = { firstName: v('firstName'), lastName: v('lastName'), dateOfBirth: v('dateOfBirth'), country: v('country').toUpperCase(), documentNumber: v('documentNumber') };
      setDone(await verificationApi.sandboxSubmit(reference, body));
    } catch (err) {
      setFailed(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorNote>{error}</ErrorNote>;
  const back = (
    <Link to="/account/verification" className="button" data-testid="sandbox-back">
      {t('sandbox.back')}
    </Link>
  );
  if (done) return <div className="stack"><p className="note note-success" role="status">{t('sandbox.submitted')}</p>{back}</div>;
  if (!data.awaitingInput) return <div className="stack"><p>{t('sandbox.notWaiting')}</p>{back}</div>;
  const input = (name: Field, type = 'text', autoComplete = 'off') => (
    <label className="field">
      <span>{t(`sandbox.${name}`)}</span>
      <input name={name} type={type} required autoComplete={autoComplete} maxLength={name === 'country' ? 2 : 100} />
    </label>
  );
  return (
    <form className="stack sandbox-hosted" onSubmit={(e) => void submit(e)}>
      {input('firstName', 'text', 'given-name')}
      {input('lastName', 'text', 'family-name')}
      {input('dateOfBirth', 'date', 'bday')}
      {input('country', 'text', 'country')}
      {input('documentNumber')}
      <ErrorNote>{failed}</ErrorNote>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('busy') : t('sandbox.submit')}
      </button>
    </form>
  );
}

export default function VerificationSandbox({ params }: { params: Record<string, string> }) {
  const { t } = useT('verification');
  usePageTitle(t('sandbox.title'));
  const reference = params.ref ?? '';
  return (
    <div className="page narrow verification-sandbox">
      <h1>{t('sandbox.title')}</h1>
      <p className="note">{t('sandbox.intro')}</p>
      <RequireUser>
        <HostedStep reference={reference} />
      </RequireUser>
    </div>
  );
}

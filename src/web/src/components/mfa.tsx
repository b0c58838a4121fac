import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ChallengeResult } from '../../../shared/api/mfa';
import { errorText, setStepUpPrompt } from '../api';
import { useT } from '../i18n';
import { cleanCode, mfaApi } from '../mfa-api';
import { ErrorNote } from './ui';

/**
 * The code form of a challenge (step-up or sign-in): an app code, or a recovery code
 * after a switch. Calls `onDone` with the answer once the server accepts it.
 */
export function ChallengeForm({
  challengeId,
  submitLabel,
  onDone,
  onCancel,
}: {
  challengeId: string;
  submitLabel?: string;
  onDone: (r: ChallengeResult) => void;
  onCancel?: () => void;
}) {
  const { t } = useT('mfa');
  const [recovery, setRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [recovery]);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = cleanCode(String(new FormData(e.currentTarget).get('code') ?? ''));
    setBusy(true);
    setError(null);
    try {
      onDone(await mfaApi.answer(challengeId, recovery ? { recoveryCode: value } : { code: value }));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <form className="stack mfa-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="mfa-code">{recovery ? t('prompt.recovery') : t('prompt.code')}</label>
        {recovery ? (
          <input id="mfa-code" key="recovery" ref={input} name="code" autoComplete="off" required maxLength={64} />
        ) : (
          <input id="mfa-code" key="code" ref={input} name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" required />
        )}
      </div>
      <ErrorNote>{error}</ErrorNote>
      <div className="row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('prompt.busy') : (submitLabel ?? t('prompt.submit'))}
        </button>
        {onCancel ? (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            {t('prompt.cancel')}
          </button>
        ) : null}
      </div>
      <button type="button" className="linkish" onClick={() => setRecovery(!recovery)}>
        {recovery ? t('prompt.useCode') : t('prompt.useRecovery')}
      </button>
    </form>
  );
}

/**
 * The step-up dialog: any API call answered 401 MFA_REQUIRED opens it in place (through
 * the API client); on success the client retries the call and the page goes on.
 */
export function StepUpDialog() {
  const { t } = useT('mfa');
  const [pending, setPending] = useState<{ challengeId: string; resolve: (ok: boolean) => void } | null>(null);
  useEffect(() => {
    setStepUpPrompt((challengeId) => new Promise<boolean>((resolve) => setPending({ challengeId, resolve })));
    return () => setStepUpPrompt(null);
  }, []);
  if (!pending) return null;
  const close = (ok: boolean) => {
    pending.resolve(ok);
    setPending(null);
  };
  return (
    <div className="mfa-backdrop">
      <div className="mfa-dialog" role="dialog" aria-modal="true" aria-labelledby="mfa-title">
        <h2 id="mfa-title">{t('prompt.title')}</h2>
        <p>{t('prompt.intro')}</p>
        <ChallengeForm key={pending.challengeId} challengeId={pending.challengeId} onDone={() => close(true)} onCancel={() => close(false)} />
      </div>
    </div>
  );
}

import { type ChangeEvent, type FormEvent, useMemo, useState } from 'react';
import { api } from '../api';
import { accountApi, accountErrorText } from '../account-api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote } from '../components/ui';
import { dateTime } from '../format';
import { setLanguage, useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';
import type { User } from '../../../shared/api/identity';
import { LANGUAGE_NAMES, LANGUAGES, pickLanguage } from '../../../shared/i18n';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const browserLanguage = () => pickLanguage([...(navigator.languages ?? []), navigator.language]);

/** Every zone the browser knows, the saved one included even if this browser does not list it. */
function zones(saved: string | null): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return saved && !all.includes(saved) ? [saved, ...all] : all;
}

export default function AccountProfile() {
  const { t } = useT('account');
  usePageTitle(t('profile.title'));
  const { user } = useSession();
  return (
    <RequireUser>
      <div className="page narrow">
        <p>
          <Link to="/account">{t('back')}</Link>
        </p>
        <h1>{t('profile.title')}</h1>
        {user ? <ProfileForm user={user} /> : null}
      </div>
    </RequireUser>
  );
}

/** An avatar: the chosen upload (null: removed, undefined: unchanged) and what to preview. */
interface AvatarChoice {
  uploadId: string | null | undefined;
  preview: string | null;
}

function ProfileForm({ user }: { user: User }) {
  const { t } = useT('account');
  const { setUser } = useSession();
  const [avatar, setAvatar] = useState<AvatarChoice>({ uploadId: undefined, preview: user.avatarUrl });
  const [zone, setZone] = useState(user.timeZone ?? '');
  const [busy, setBusy] = useState<'upload' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const zoneList = useMemo(() => zones(user.timeZone), [user.timeZone]);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setBusy('upload');
    setError(null);
    try {
      const up = await api.upload(file);
      setAvatar({ uploadId: up.id, preview: URL.createObjectURL(file) });
    } catch (err) {
      setError(accountErrorText(err));
    } finally {
      setBusy(null);
    }
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const language = String(f.get('language') ?? '') || null;
    setBusy('save');
    setError(null);
    setSaved(false);
    try {
      const updated = await accountApi.updateProfile({
        displayName: String(f.get('displayName') ?? '').trim(),
        language,
        timeZone: zone || null,
        ...(avatar.uploadId !== undefined ? { avatarUploadId: avatar.uploadId } : {}),
      });
      setSaved(true);
      setBusy(null);
      // The app switches at once: the language everywhere, every time into the chosen zone.
      setLanguage(language ?? browserLanguage());
      setUser(updated);
    } catch (err) {
      setError(accountErrorText(err));
      setBusy(null);
    }
  };

  return (
    <form className="stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor="displayName">{t('profile.displayName')}</label>
        <input id="displayName" name="displayName" required maxLength={80} defaultValue={user.displayName} aria-describedby="name-hint" />
        <p className="hint" id="name-hint">
          {t('profile.displayNameHint')}
        </p>
      </div>
      <fieldset className="field avatar-field">
        <legend>{t('profile.avatar')}</legend>
        {avatar.preview ? (
          <img className="avatar avatar-large" src={avatar.preview} alt={t('profile.avatarAlt')} data-testid="avatar-preview" />
        ) : (
          <p className="muted">{t('profile.avatarNone')}</p>
        )}
        <label htmlFor="avatar">{t('profile.avatarChoose')}</label>
        <input id="avatar" type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={choose} aria-describedby="avatar-hint" />
        <p className="hint" id="avatar-hint">
          {busy === 'upload' ? t('profile.uploading') : t('profile.avatarHint')}
        </p>
        {avatar.preview ? (
          <button type="button" className="button button-ghost" onClick={() => setAvatar({ uploadId: null, preview: null })}>
            {t('profile.avatarRemove')}
          </button>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor="timeZone">{t('profile.timeZone')}</label>
        <select id="timeZone" name="timeZone" value={zone} onChange={(e) => setZone(e.target.value)} aria-describedby="tz-hint">
          <option value="">{t('profile.browserZone', { zone: browserZone() })}</option>
          {zoneList.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <p className="hint" id="tz-hint">
          {t('profile.timeZoneHint')}{' '}
          <span data-testid="time-example">{t('profile.example', { time: dateTime(new Date().toISOString()) })}</span>
        </p>
      </div>
      <div className="field">
        <label htmlFor="language">{t('profile.language')}</label>
        <select id="language" name="language" defaultValue={user.language ?? ''}>
          <option value="">{t('profile.browserLanguage')}</option>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote>{error}</ErrorNote>
      {saved ? (
        <p className="note note-ok" role="status">
          {t('profile.saved')}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy !== null}>
        {busy === 'save' ? t('profile.saving') : t('profile.save')}
      </button>
    </form>
  );
}

import { useEffect, useState } from 'react';
import { accountApi, accountErrorText } from '../account-api';
import { RequireUser } from '../components/RequireUser';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { Link, usePageTitle } from '../router';
import type { NotificationPreference } from '../../../shared/api/notifications';

type Channel = 'inApp' | 'email';
const CHANNELS: Channel[] = ['inApp', 'email'];

/** /account/notifications: every kind of notice by channel, saved as each box changes (emails link here). */
export default function AccountNotifications() {
  const { t } = useT(['account', 'common']);
  usePageTitle(t('notifications.title'));
  return (
    <RequireUser>
      <div className="page medium">
        <p>
          <Link to="/account">{t('back')}</Link>
        </p>
        <h1>{t('notifications.title')}</h1>
        <p className="muted">{t('notifications.intro')}</p>
        <PreferenceTable />
      </div>
    </RequireUser>
  );
}

function PreferenceTable() {
  const { t } = useT(['account', 'common']);
  const loaded = useLoad((s) => accountApi.preferences(s), []);
  const [prefs, setPrefs] = useState<NotificationPreference[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) setPrefs(loaded.data.preferences);
  }, [loaded.data]);
  if (loaded.error) return <ErrorNote>{loaded.error}</ErrorNote>;
  if (!prefs) return <Loading label={t('loading')} />;

  const toggle = async (p: NotificationPreference, channel: Channel, on: boolean) => {
    setError(null);
    setSaved(null);
    const next = { ...p, [channel]: on };
    setPrefs((all) => all?.map((x) => (x.kind === p.kind ? next : x)) ?? null);
    try {
      const r = await accountApi.setPreference(next);
      setPrefs(r.preferences);
      setSaved(`${p.kind}-${channel}`);
    } catch (e) {
      setPrefs((all) => all?.map((x) => (x.kind === p.kind ? p : x)) ?? null);
      setError(accountErrorText(e));
    }
  };

  return (
    <>
      <table className="prefs" data-testid="notification-preferences">
        <thead>
          <tr>
            <th scope="col">{t('notifications.kind')}</th>
            {CHANNELS.map((c) => (
              <th scope="col" key={c}>
                {t(`notifications.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {prefs.map((p) => {
            const label = t(`notifications.kinds.${p.kind}.label`);
            return (
              <tr key={p.kind} data-kind={p.kind}>
                <th scope="row">
                  <span className="prefs-kind">{label}</span>
                  <span className="muted prefs-help">{t(`notifications.kinds.${p.kind}.help`)}</span>
                </th>
                {CHANNELS.map((c) => (
                  <td key={c}>
                    <input
                      type="checkbox"
                      checked={p[c]}
                      onChange={(e) => void toggle(p, c, e.target.checked)}
                      aria-label={t('notifications.toggle', { kind: label, channel: t(`notifications.${c}`) })}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorNote>{error}</ErrorNote>
      <p className="muted" role="status" aria-live="polite">
        {saved ? t('notifications.saved') : ''}
      </p>
    </>
  );
}

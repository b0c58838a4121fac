import { useState } from 'react';
import { useT } from '../../i18n';

/** Shares the listing's link: the system share sheet where there is one, otherwise the link is copied. */
export function ShareButton({ id, title }: { id: string; title: string }) {
  const { t } = useT('share');
  const [status, setStatus] = useState<'copied' | 'failed' | null>(null);
  const url = `${window.location.origin}/a/${encodeURIComponent(id)}`;
  const share = async () => {
    setStatus(null);
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title, url });
        return;
      } catch (e) {
        // The person closed the share sheet: nothing to say.
        if ((e as Error).name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  };
  return (
    <span className="share">
      <button type="button" className="button button-secondary" onClick={() => void share()}>
        {t('button')}
      </button>
      <span role="status" className="share-status">
        {status ? t(status) : ''}
      </span>
    </span>
  );
}

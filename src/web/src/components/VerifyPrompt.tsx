import type { VerificationLevel } from '../../../shared/api/verification';
import { useT } from '../i18n';
import { Link, useLocation } from '../router';

/** Where an action refused for a missing verification level says why, with the way to get it. */
export function VerifyPrompt({ level }: { level: VerificationLevel | null }) {
  const { t } = useT('verification');
  const { path } = useLocation();
  if (!level) return null;
  return (
    <p className="note verify-prompt" data-testid="verify-prompt">
      {t(`prompt.${level}`)}{' '}
      <Link to={`/account/verification?next=${encodeURIComponent(path)}`} className="verify-prompt-link">
        {t('prompt.link')}
      </Link>
    </p>
  );
}

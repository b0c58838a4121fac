import { type ReactNode, useEffect, useState } from 'react';
import { onNetwork } from '../api';
import { useCartCount } from '../cart';
import { useUnreadCount } from '../notifications';
import { Link, navigate, useLocation } from '../router';
import { SearchBox } from './search/SearchBox';
import { StepUpDialog } from './mfa';
import { LANGUAGE_NAMES, LANGUAGES } from '../../../shared/i18n';
import { setLanguage, useLanguage, useT } from '../i18n';
import { useSession } from '../session';

/** Shows a banner while requests fail; hides it when one succeeds again. */
function ConnectionBanner() {
  const { t } = useT('layout');
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const off = onNetwork(setOnline);
    const down = () => setOnline(false);
    window.addEventListener('offline', down);
    return () => {
      off();
      window.removeEventListener('offline', down);
    };
  }, []);
  if (online) return null;
  return (
    <div className="banner" role="status">
      {t('offline')}
    </div>
  );
}

function NavLink({ to, children, exact = false }: { to: string; children: ReactNode; exact?: boolean }) {
  const { path } = useLocation();
  const active = exact ? path === to : path === to || path.startsWith(`${to}/`);
  return (
    <Link to={to} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** The language of the app, for everyone (signed-in users also keep it in their profile). */
function LanguagePicker() {
  const { t } = useT('common');
  const language = useLanguage();
  return (
    <label className="language-picker">
      <span>{t('language.label')}</span>{' '}
      <select value={language} onChange={(e) => setLanguage(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useT('layout');
  const { user, signOut } = useSession();
  const { path } = useLocation();
  const unread = useUnreadCount(!!user, path);
  const inCart = useCartCount(!!user, path);
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the menu whenever the page changes
  useEffect(() => setMenuOpen(false), [path]);

  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label={t('home')}>
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
              <rect width="32" height="32" rx="7" fill="currentColor" />
              <path d="M9 20l7-7m-3-3l6 6m-9 9h12" stroke="#f4a261" strokeWidth="3" strokeLinecap="round" />
            </svg>
            <span>Gavel</span>
          </Link>
          <SearchBox />
          {user ? (
            <Link to="/cart" className="bell" aria-label={inCart ? t('cartHeld', { count: inCart }) : t('cart')}>
              <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path
                  d="M3 4h2l2.4 11h10.2L20 8H6.3M9 20a1 1 0 1 0 0-.01M17 20a1 1 0 1 0 0-.01"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
              {inCart > 0 && (
                <span className="badge" data-testid="cart-badge">
                  {inCart > 99 ? '99+' : inCart}
                </span>
              )}
            </Link>
          ) : null}
          {user ? (
            <Link to="/notifications" className="bell" aria-label={unread ? t('unread', { count: unread }) : t('notifications')}>
              <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path
                  d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16h15.4L18 12.6V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                  strokeLinejoin="round"
                />
              </svg>
              {unread > 0 && (
                <span className="badge" data-testid="unread-badge">
                  {unread > 99 ? '99+' : unread}
                </span>
              )}
            </Link>
          ) : null}
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span className="sr-only">{t('menu')}</span>
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path d="M4 7h16M4 12h16M4 17h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
          <nav id="main-nav" className={menuOpen ? 'nav open' : 'nav'} aria-label={t('mainNav')}>
            <NavLink to="/" exact>
              {t('nav.home')}
            </NavLink>
            <NavLink to="/browse">{t('nav.browse')}</NavLink>
            <NavLink to="/flash-sales">{t('nav.flashSales')}</NavLink>
            {user ? (
              <>
                <NavLink to="/sell">{t('nav.sell')}</NavLink>
                <NavLink to="/me/bids">{t('nav.myBids')}</NavLink>
                <NavLink to="/orders">{t('nav.orders')}</NavLink>
                <NavLink to="/account">{t('nav.account')}</NavLink>
                {user.roles.includes('admin') ? <NavLink to="/admin">{t('nav.admin')}</NavLink> : null}
                <button type="button" className="nav-link linklike nav-signout" onClick={() => void signOut().then(() => navigate('/'))}>
                  {t('nav.signOut')}
                </button>
              </>
            ) : user === null ? (
              <>
                <NavLink to="/signin">{t('nav.signIn')}</NavLink>
                <Link to="/signup" className="button button-small">
                  {t('nav.signUp')}
                </Link>
              </>
            ) : null}
          </nav>
        </div>
      </header>
      <ConnectionBanner />
      <StepUpDialog />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p>
          Gavel · {t('footer.tagline')} · <a href="/docs">{t('footer.apiDocs')}</a>
        </p>
        <LanguagePicker />
      </footer>
    </>
  );
}

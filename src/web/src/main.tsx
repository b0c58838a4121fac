import { StrictMode, lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { match, useLocation } from './router';
import { useLanguage, webI18n } from './i18n';
import { SessionProvider } from './session';
import './styles.css';

// Every page is its own chunk: the first load carries only the shell and the page it shows.
type Page = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
const routes: [string, Page][] = [
  ['/', lazy(() => import('./pages/Home'))],
  ['/browse', lazy(() => import('./pages/Browse'))],
  ['/categories', lazy(() => import('./pages/Categories'))],
  ['/auctions/:id', lazy(() => import('./pages/AuctionPage'))],
  ['/auctions/:id/transcript', lazy(() => import('./pages/TranscriptPage'))],
  ['/a/:id', lazy(() => import('./pages/AuctionPage'))],
  ['/sell', lazy(() => import('./pages/Sell'))],
  ['/signin', lazy(() => import('./pages/SignIn'))],
  ['/signup', lazy(() => import('./pages/SignUp'))],
  ['/me/bids', lazy(() => import('./pages/MyBids'))],
  ['/me/watchlist', lazy(() => import('./pages/Watchlist'))],
  ['/me/listings', lazy(() => import('./pages/MyListings'))],
  ['/notifications', lazy(() => import('./pages/Notifications'))],
  ['/flash-sales', lazy(() => import('./pages/FlashSales'))],
  ['/flash-sales/:id', lazy(() => import('./pages/FlashSalePage'))],
  ['/cart', lazy(() => import('./pages/Cart'))],
  ['/orders', lazy(() => import('./pages/Orders'))],
  ['/orders/:id', lazy(() => import('./pages/OrderPage'))],
  ['/orders/:id/receipt', lazy(() => import('./pages/Receipt'))],
  ['/account', lazy(() => import('./pages/Account'))],
  ['/account/profile', lazy(() => import('./pages/AccountProfile'))],
  ['/account/notifications', lazy(() => import('./pages/AccountNotifications'))],
  ['/account/security', lazy(() => import('./pages/AccountSecurity'))],
  ['/users/:id', lazy(() => import('./pages/UserProfile'))],
  ['/account/payment-methods', lazy(() => import('./pages/PaymentMethods'))],
  ['/account/addresses', lazy(() => import('./pages/Addresses'))],
  ['/account/verification', lazy(() => import('./pages/Verification'))],
  ['/verification/sandbox/:ref', lazy(() => import('./pages/VerificationSandbox'))],
  ['/account/statement', lazy(() => import('./pages/Statement'))],
  ['/admin', lazy(() => import('./pages/Admin'))],
  ['/admin/audit', lazy(() => import('./pages/AdminAudit'))],
  ['/admin/review', lazy(() => import('./pages/AdminReview'))],
  ['/admin/review/:id', lazy(() => import('./pages/AdminCase'))],
  ['/admin/blacklist', lazy(() => import('./pages/AdminBlacklist'))],
];
const NotFound = lazy(() => import('./pages/NotFound'));

function App() {
  const { path } = useLocation();
  // A new language re-renders every page, formatters included.
  const language = useLanguage();
  let page: { Page: Page; params: Record<string, string> } | null = null;
  for (const [pattern, Page] of routes) {
    const params = match(pattern, path);
    if (params) {
      page = { Page, params };
      break;
    }
  }
  const Page = page?.Page ?? NotFound;
  return (
    <Layout key={language}>
      <Suspense fallback={<Loading />}>
        <Page key={`${language}${path}`} params={page?.params ?? {}} />
      </Suspense>
    </Layout>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={webI18n}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

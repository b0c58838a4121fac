import { Link, usePageTitle } from '../router';

export default function NotFound() {
  usePageTitle('Not found');
  return (
    <div className="page narrow">
      <h1>Page not found</h1>
      <p>We could not find this page. It may have moved.</p>
      <Link to="/" className="button">
        Go home
      </Link>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { api } from './api';

const CART_EVENT = 'gavel:cart';
/** Holds expire on the server; re-read now and then so the badge does not lie for long. */
const CART_POLL_MS = 15_000;

/** Tells the nav badge (and any open cart) that the cart changed. */
export function cartChanged(): void {
  window.dispatchEvent(new Event(CART_EVENT));
}

/** Listens for cart changes made elsewhere in the tab. */
export function onCartChanged(fn: () => void): () => void {
  window.addEventListener(CART_EVENT, fn);
  return () => window.removeEventListener(CART_EVENT, fn);
}

/** Units held in the cart, refreshed on navigation, on changes and every few seconds while signed in. */
export function useCartCount(signedIn: boolean, path: string): number {
  const [count, setCount] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `path` re-reads the cart on every navigation
  useEffect(() => {
    if (!signedIn) {
      setCount(0);
      return;
    }
    let alive = true;
    const load = () =>
      api
        .cart()
        .then((c) => alive && setCount(c.items.reduce((n, l) => n + l.reservation.quantity, 0)))
        .catch(() => {});
    void load();
    const t = setInterval(load, CART_POLL_MS);
    const off = onCartChanged(() => void load());
    return () => {
      alive = false;
      clearInterval(t);
      off();
    };
  }, [signedIn, path]);
  return count;
}

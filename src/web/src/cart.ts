import { api } from './api';
import { observeServerTime } from './clock';
import { useLiveResource } from './live-resource';

type CartAnswer = Awaited<ReturnType<typeof api.cart>>;

const CART_EVENT = 'gavel:cart';
/** Holds expire on the server; re-read now and then so the badge does not lie for long. */
const CART_POLL_MS = 15_000;

/** Tells the nav badge (and any open cart) that the cart changed. */
export function cartChanged(): void {
  window.dispatchEvent(new Event(CART_EVENT));
}

/** Units held in the cart, refreshed on navigation, on changes and every few seconds while signed in. */
export function useCartCount(signedIn: boolean, path: string): number {
  return useLiveResource({
    key: path,
    enabled: signedIn,
    keepOnKeyChange: true,
    initial: 0,
    load: async () => (await api.cart()).items.reduce((n, l) => n + l.reservation.quantity, 0),
    refreshOn: [CART_EVENT],
    poll: { ms: CART_POLL_MS },
  }).data;
}

/** The cart itself (the cart page), re-read whenever it changes in this tab. */
export function useCart() {
  return useLiveResource({
    key: 'cart',
    initial: null as CartAnswer | null,
    load: async ({ signal }) => {
      const sent = Date.now();
      const c = await api.cart(signal);
      observeServerTime(c.serverTime, sent + (Date.now() - sent) / 2);
      return c;
    },
    refreshOn: [CART_EVENT],
  });
}

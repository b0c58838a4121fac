/**
 * ISO 4217 codes a listing may be priced in: the currencies ICU knows, minus the
 * X-codes that are no money a buyer can pay with (precious metals, bond-market
 * units, special drawing rights, the test code XTS and "no currency" XXX).
 * Real currencies whose code starts with X (XAF, XOF, XCD, XPF, XCG) stay.
 */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

let active: ReadonlySet<string> | null = null;

function activeCurrencies(): ReadonlySet<string> {
  active ??= new Set(Intl.supportedValuesOf('currency').filter((c) => /^[A-Z]{3}$/.test(c) && !NOT_MONEY.has(c)));
  return active;
}

/** Is this an active ISO 4217 currency code (upper case) that money can be paid in? */
export function isActiveCurrency(code: unknown): code is string {
  return typeof code === 'string' && activeCurrencies().has(code);
}

/** The currencies the sell form and the browse filter offer first (the API takes any active one). */
export const OFFERED_CURRENCIES: readonly string[] = Object.freeze(['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'JPY']);

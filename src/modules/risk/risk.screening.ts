import { BlockList } from 'node:net';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Logger } from '../../platform/logger.js';
import type { PaymentGateway } from '../payments/index.js';
import type { RiskState } from './domain/features.js';

/** The country (ISO 3166-1 alpha-2) of an IP address, when known. A real deployment plugs in a GeoIP database. */
export type IpCountry = (ip: string) => string | null;

/** The issuing country of a saved card, when the processor says. */
export type CardCountry = (card: { gateway: string; brand: string; last4: string }) => string | null;

/** Sandbox IP countries: the documentation ranges of RFC 5737, one country each. */
export const SANDBOX_IP_COUNTRIES: readonly { range: string; country: string }[] = [
  { range: '192.0.2.0/24', country: 'US' },
  { range: '198.51.100.0/24', country: 'GB' },
  { range: '203.0.113.0/24', country: 'DE' },
];

/** Sandbox card countries by the test card's last four digits (docs/TRUST_AND_SAFETY.md). */
export const SANDBOX_CARD_COUNTRIES: Readonly<Record<string, string>> = { '4242': 'DE', '4444': 'US', '3220': 'GB' };

export function sandboxIpCountry(): IpCountry {
  const lists = SANDBOX_IP_COUNTRIES.map(({ range, country }) => {
    const [net = '', bits = '32'] = range.split('/');
    const l = new BlockList();
    l.addSubnet(net, Number(bits), 'ipv4');
    return { l, country };
  });
  return (ip) => {
    const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return null;
    return lists.find((x) => x.l.check(v4, 'ipv4'))?.country ?? null;
  };
}

export const sandboxCardCountry: CardCountry = (c) => (c.gateway === 'sandbox' ? (SANDBOX_CARD_COUNTRIES[c.last4] ?? null) : null);

/** Limits of the screening (config). */
export interface ScreeningOptions {
  /** A card saved within this many hours counts as new. */
  newCardHours: number;
  /** A new card paying at least this much (minor units) is challenged. */
  threeDsAbove: number;
  /** More cards than this added by one user in a day: every payment is challenged. */
  cardsPerDay: number;
}

/** Why a payment was challenged; empty: not. */
export type ScreeningReason = 'new_card_high_value' | 'card_velocity' | 'country_mismatch';

interface MethodRow {
  user_id: string;
  gateway: string;
  brand: string;
  last4: string;
  created_at: Date;
  cards_today: number;
}

/**
 * Payment screening before an authorization: card velocity, card country against the
 * user's IP country, and new card + high value. Any of them forces 3-D Secure. Declines
 * are counted in the bidder's risk features.
 */
export class PaymentScreening {
  constructor(
    private readonly deps: { sql: Sql; clock: Clock; log: Logger; state: RiskState; ipCountry: IpCountry; cardCountry: CardCountry; options: ScreeningOptions },
  ) {}

  /** The reasons to challenge a payment with this token, and whose card it is. */
  async assess(token: string, amount: number): Promise<{ userId: string | null; reasons: ScreeningReason[] }> {
    const { sql, clock, options } = this.deps;
    const now = clock.now();
    const [m] = await sql<MethodRow[]>`
      select pm.user_id, pm.gateway, pm.brand, pm.last4, pm.created_at,
             (select count(*)::int from payment_methods x where x.user_id = pm.user_id and x.created_at > ${new Date(now - 86_400_000)}) as cards_today
      from payment_methods pm where pm.token = ${token} order by pm.created_at desc limit 1`;
    if (!m) return { userId: null, reasons: [] };
    const reasons: ScreeningReason[] = [];
    if (m.created_at.getTime() > now - options.newCardHours * 3_600_000 && amount >= options.threeDsAbove) reasons.push('new_card_high_value');
    if (m.cards_today > options.cardsPerDay) reasons.push('card_velocity');
    const ip = this.deps.state.lastIp(m.user_id);
    const ipC = ip ? this.deps.ipCountry(ip) : null;
    const cardC = this.deps.cardCountry(m);
    if (ipC && cardC && ipC !== cardC) reasons.push('country_mismatch');
    return { userId: m.user_id, reasons };
  }

  /** The gateway with screening in front of `authorize`. */
  wrap(inner: PaymentGateway): PaymentGateway {
    const authorize = async (input: Parameters<PaymentGateway['authorize']>[0]) => {
      const { userId, reasons } = await this.assess(input.token, input.amount);
      if (reasons.length > 0) this.deps.log.info({ userId, reasons }, 'payment screening: 3-D Secure required');
      const r = await inner.authorize(reasons.length > 0 ? { ...input, threeDSecure: 'required' } : input);
      if (userId && r.status === 'declined') this.deps.state.noteDecline(userId, this.deps.clock.now());
      return r;
    };
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        if (prop === 'authorize') return authorize;
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }
}

/**
 * A notice as the domain states it: a stable message key and typed parameters,
 * put into words only when someone reads it (the inbox, an email), in that
 * reader's language and time zone. Amounts stay integer minor units with their
 * currency and times stay ISO instants until then. Pure: the words are in
 * notice-render.ts.
 */
import type { notices } from './i18n/notices.js';

/** A message key of the `notices` namespace (each has a title and a body). */
export type NoticeKey = Exclude<keyof (typeof notices)['en'], 'reasons' | 'email'>;
/** A known reason code, said in words (`notices:reasons`). */
export type ReasonCode = keyof (typeof notices)['en']['reasons'];

/** Money in minor units of a currency. */
export interface MoneyParam {
  minor: number;
  currency: string;
}
/** An instant, ISO 8601. */
export interface TimeParam {
  at: string;
}
/** Text as the user wrote it, or a reason code said in words when it is one. */
export interface ReasonParam {
  reason: string;
}
export type NoticeParam = string | number | MoneyParam | TimeParam | ReasonParam;

export interface NoticeMessage {
  key: NoticeKey;
  params: Record<string, NoticeParam>;
}

/** Builders, so callers say what a value is rather than how it looks. */
export const money = (minor: number, currency: string): MoneyParam => ({ minor, currency });
export const time = (at: string | number): TimeParam => ({ at: typeof at === 'number' ? new Date(at).toISOString() : at });
export const reason = (text: string): ReasonParam => ({ reason: text });

export const notice = (key: NoticeKey, params: Record<string, NoticeParam> = {}): NoticeMessage => ({ key, params });

/** A stored message is trusted only as far as its shape: anything else reads as absent. */
export function asNoticeMessage(v: unknown): NoticeMessage | null {
  if (!v || typeof v !== 'object') return null;
  const m = v as { key?: unknown; params?: unknown };
  if (typeof m.key !== 'string' || !m.params || typeof m.params !== 'object') return null;
  return m as NoticeMessage;
}

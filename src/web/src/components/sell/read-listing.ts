import { type CreateAuctionBody as CreateAuction, type AuctionType, TITLE_MAX_LENGTH } from '../../../../shared/api/auctions';
import { isoWithOffset, wallClockToInstant } from '../../../../shared/zoned-time';
import { ApiError, errorText } from '../../api';
import { durationWords, toMinor } from '../../format';
import { t } from '../../i18n';
import { type DetailsDraft, detailsBody } from '../item-details';
import type { Field, FieldErrors } from './fields';
import { type ImageDraft, imagesBody } from './images';

/** Where the server's refusals belong: by the field it names, else by its code. */
const API_FIELDS: Record<string, Field> = {
  title: 'title',
  description: 'description',
  categoryId: 'categoryId',
  imageUrls: 'images',
  images: 'images',
  specifications: 'specifications',
  type: 'type',
  currency: 'currency',
  startingPrice: 'startingPrice',
  reservePrice: 'reservePrice',
  buyNowPrice: 'buyNowPrice',
  startsAt: 'startsAt',
  endsAt: 'duration',
  softClose: 'extensionMinutes',
  dutch: 'decrement',
};
const CODE_FIELDS: Record<string, Field> = {
  INVALID_CURRENCY: 'currency',
  RESERVE_BELOW_START: 'reservePrice',
  BUY_NOW_TOO_LOW: 'buyNowPrice',
  INVALID_SOFT_CLOSE: 'extensionMinutes',
  DUTCH_CONFIG_INVALID: 'decrement',
  DUTCH_CONFIG_REQUIRED: 'decrement',
  INVALID_TIMES: 'duration',
  CATEGORY_NOT_FOUND: 'categoryId',
};

/** A server refusal as a message at its field, or for the whole form (a 422 CATEGORY_RULE_VIOLATED at the field its details name). */
export function apiProblem(err: unknown): { field?: Field; message: string; rule?: boolean } {
  if (!(err instanceof ApiError)) return { message: errorText(err) };
  const named = String(err.details?.field ?? '').split(/[./]/)[0] ?? '';
  const field = API_FIELDS[named] ?? CODE_FIELDS[err.code];
  if (field === 'title' && err.code === 'INVALID_LISTING') {
    const tooLong = err.details?.rule === 'maxLength';
    return { field, message: tooLong ? t('sell:errors.titleTooLong', { count: TITLE_MAX_LENGTH + 1, max: TITLE_MAX_LENGTH }) : t('sell:errors.titleRequired') };
  }
  if (!field) return { message: err.message };
  return err.code === 'CATEGORY_RULE_VIOLATED' ? { field, message: err.message, rule: true } : { field, message: err.message };
}

/** Reads an optional money field; `undefined` when empty, `null` when not a number. */
export function optionalMoney(v: FormDataEntryValue | null, currency: string): number | undefined | null {
  const s = String(v ?? '').trim();
  if (!s) return undefined;
  return toMinor(s, currency);
}

/** A whole number of at least 1, or null. */
export function positiveWhole(v: FormDataEntryValue | null): number | null {
  const s = String(v ?? '').trim();
  return /^\d+$/.test(s) && Number(s) >= 1 ? Number(s) : null;
}

/** What the form keeps in state rather than in its inputs. */
export interface Choices {
  type: AuctionType;
  schedule: boolean;
  softClose: boolean;
  title: string;
  images: ImageDraft[];
  details: DetailsDraft;
  /** The seller's zone: scheduled times are wall-clock times there. */
  timeZone: string;
}

/** The price terms of each auction type, with a message at each field that cannot be read. */
function readPricing(f: FormData, c: Choices, currency: string, body: CreateAuction, errors: FieldErrors): void {
  const money = (field: 'reservePrice' | 'buyNowPrice' | 'decrement' | 'floorPrice') => {
    const v = optionalMoney(f.get(field), currency);
    if (v === null) errors[field] = t(`sell:errors.${field}`);
    return v ?? undefined;
  };
  if (c.type !== 'dutch') {
    const reserve = money('reservePrice');
    if (reserve !== undefined) body.reservePrice = reserve;
  }
  if (c.type === 'english') {
    const buyNow = money('buyNowPrice');
    if (buyNow !== undefined) body.buyNowPrice = buyNow;
  }
  if (c.type === 'dutch') {
    const decrement = money('decrement');
    const floorPrice = money('floorPrice');
    const intervalSeconds = positiveWhole(f.get('intervalSeconds'));
    if (decrement === undefined) errors.decrement = t('sell:errors.decrement');
    if (floorPrice === undefined) errors.floorPrice = t('sell:errors.floorPrice');
    if (intervalSeconds === null) errors.intervalSeconds = t('sell:errors.interval');
    if (decrement !== undefined && floorPrice !== undefined && intervalSeconds !== null) body.dutch = { decrement, intervalSeconds, floorPrice };
  }
}

/**
 * Soft close: a bid in the last W moves the end to E after that bid. With E < W a
 * bid with more than E left would move nothing, so the form asks for E >= W.
 */
function readSoftClose(f: FormData, errors: FieldErrors): CreateAuction['softClose'] {
  const window = positiveWhole(f.get('windowMinutes'));
  const extension = positiveWhole(f.get('extensionMinutes'));
  if (window === null) errors.windowMinutes = t('sell:errors.window');
  if (extension === null) errors.extensionMinutes = t('sell:errors.extension');
  if (window === null || extension === null) return null;
  if (extension < window) {
    errors.extensionMinutes = t('sell:errors.extensionShort', { window: durationWords(window * 60), extension: durationWords(extension * 60) });
  }
  return { windowSeconds: window * 60, extensionSeconds: extension * 60 };
}

/** Start and end as ISO instants with the seller's offset; a scheduled start is a wall-clock time in their zone. */
function readSchedule(f: FormData, c: Choices, body: CreateAuction, errors: FieldErrors): void {
  const seconds = Number(f.get('duration') ?? 86_400);
  if (!c.schedule) {
    body.endsAt = new Date(Date.now() + seconds * 1000).toISOString();
    return;
  }
  const start = wallClockToInstant(String(f.get('startsAt') ?? ''), c.timeZone);
  if (!start) {
    errors.startsAt = t('sell:errors.startsAt');
    body.endsAt = new Date(Date.now() + seconds * 1000).toISOString();
    return;
  }
  body.startsAt = isoWithOffset(start.instant, c.timeZone);
  body.endsAt = isoWithOffset(start.instant + seconds * 1000, c.timeZone);
}

/** The title, with a message when it is empty or too long. */
function readTitle(f: FormData, errors: FieldErrors): string {
  const title = String(f.get('title') ?? '').trim();
  if (!title) errors.title = t('sell:errors.titleRequired');
  else if ([...title].length > TITLE_MAX_LENGTH) errors.title = t('sell:errors.titleTooLong', { count: [...title].length, max: TITLE_MAX_LENGTH });
  return title;
}

/** The listing the form describes, or every problem with it at its field (`formError` for the rest). */
export function readListing(f: FormData, c: Choices): { body: CreateAuction | null; errors: FieldErrors; formError: string | null } {
  const errors: FieldErrors = {};
  const currency = String(f.get('currency') ?? 'EUR');
  const title = readTitle(f, errors);
  const startingPrice = optionalMoney(f.get('startingPrice'), currency);
  if (startingPrice == null) errors.startingPrice = t('sell:errors.startingPrice');
  const body: CreateAuction = { title, type: c.type, currency, startingPrice: startingPrice ?? 0, endsAt: '' };
  const description = String(f.get('description') ?? '').trim();
  if (description) body.description = description;
  const categoryId = String(f.get('categoryId') ?? '');
  if (categoryId) body.categoryId = categoryId;
  if (c.images.some((i) => i.status === 'uploading')) errors.images = t('sell:errors.uploading');
  const images = imagesBody(c.images, title);
  if (images.length) body.images = images;

  readSchedule(f, c, body, errors);
  readPricing(f, c, currency, body, errors);
  if (c.type === 'english') body.softClose = c.softClose ? readSoftClose(f, errors) : null;

  const extra = detailsBody(c.details, currency);
  const formError = extra.ok ? null : extra.error;
  if (extra.ok) Object.assign(body, extra.fields);
  return { body: Object.keys(errors).length || formError ? null : body, errors, formError };
}

/** The soft-close rule in words for the values typed so far. */
export function softCloseHint(window: string, extension: string): string {
  const w = positiveWhole(window);
  const e = positiveWhole(extension);
  const rule = t('sell:timing.softCloseRule');
  if (w === null || e === null) return rule;
  return `${t('sell:timing.softCloseHint', { window: durationWords(w * 60), extension: durationWords(e * 60) })} ${rule}`;
}

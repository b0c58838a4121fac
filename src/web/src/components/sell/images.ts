import type { AuctionImageInput } from '../../../../shared/api/auctions';
import { t } from '../../i18n';

/** One photo in the sell form: an upload (in flight, done or failed) or a link to an image elsewhere. */
export interface ImageDraft {
  key: string;
  /** The file's name or the link, for messages. */
  name: string;
  uploadId: string | null;
  url: string | null;
  /** What the thumbnail shows: the upload's thumbnail variant, the link, or the local file while it uploads. */
  preview: string;
  /** The seller's alt text; null until they edit it (the default follows the title). */
  alt: string | null;
  /** 0..1 of the upload sent. */
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  error?: string;
}

/** The alt text until the seller writes one: the title, numbered after the first photo. */
export function defaultAlt(title: string, index: number): string {
  const base = title.trim();
  if (!base) return '';
  return index === 0 ? base : t('sell:images.defaultAlt', { title: base, n: index + 1 });
}

/** The photo's alt text as it will be sent. */
export const altOf = (img: ImageDraft, title: string, index: number): string => img.alt ?? defaultAlt(title, index);

/** The list with the photo at `from` moved to `to` (both clamped to the list). */
export function moveImage<T>(list: readonly T[], from: number, to: number): T[] {
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (from === target || from < 0 || from >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item as T);
  return out;
}

/** Photos that count: uploaded or linked (an upload in flight or failed is not sent). */
export const readyImages = (list: readonly ImageDraft[]): ImageDraft[] => list.filter((i) => i.status === 'done');

/** The request's `images`, in the seller's order, each with its alt text. */
export function imagesBody(list: readonly ImageDraft[], title: string): AuctionImageInput[] {
  return readyImages(list).map((img, i) => {
    const alt = altOf(img, title, i).trim();
    const source = img.uploadId ? { uploadId: img.uploadId } : { url: img.url ?? '' };
    return alt ? { ...source, alt: alt.slice(0, 300) } : source;
  });
}

/** A link the seller typed, when it is a web address. */
export function imageLink(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

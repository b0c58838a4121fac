import { AppError } from '../../platform/errors.js';
import type { AuctionImage, AuctionImageInput } from '../../shared/api/auctions.js';
import type { ImageVariants } from '../../shared/api/uploads.js';
import { type UploadedImage, uploadIdOfUrl, uploadPath, VARIANT_NAMES, variantPath } from '../uploads/index.js';

/**
 * A listing photo as stored in `auctions.images`. For an upload, its size and its
 * variants' sizes are copied in when the listing is written (uploads never change),
 * so showing a listing needs no look-up.
 */
export interface StoredImage {
  uploadId: string | null;
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
  variants: ImageVariants | null;
}

/** Reads uploads' sizes (the uploads module), for the seller's photos. */
export type UploadLookup = (ids: string[]) => Promise<UploadedImage[]>;

/** The photo fields of a create or edit request. */
export interface ImagesRequest {
  images?: AuctionImageInput[];
  imageUrls?: string[];
}

const invalid = (message: string, field: string) => new AppError('INVALID_LISTING', message, { field }, 422);

function fromUpload(u: UploadedImage, alt: string): StoredImage {
  const sizes = u.variants;
  const complete = VARIANT_NAMES.every((n) => sizes[n]);
  const variants = complete
    ? (Object.fromEntries(VARIANT_NAMES.map((n) => [n, { url: variantPath(u.id, n), ...sizes[n] }])) as ImageVariants)
    : null;
  return { uploadId: u.id, url: uploadPath(u.id), alt, width: u.width, height: u.height, variants };
}

const plain = (url: string, alt: string): StoredImage => ({ uploadId: null, url, alt, width: null, height: null, variants: null });

/**
 * The photos a request names, or undefined when it names none. `imageUrls` (older
 * clients) are photos without alt text. An `uploadId` must be an upload of the
 * seller's (422 UNKNOWN_UPLOAD otherwise, alike for unknown and foreign ids); a
 * plain URL of one of the seller's own uploads is taken as that upload, so it gets
 * variants too.
 */
export async function requestedImages(ownerId: string, req: ImagesRequest, lookup: UploadLookup | null): Promise<StoredImage[] | undefined> {
  if (req.images !== undefined && req.imageUrls !== undefined) throw invalid('Send images or imageUrls, not both', 'images');
  const inputs: AuctionImageInput[] | undefined = req.images ?? req.imageUrls?.map((url) => ({ url }));
  if (inputs === undefined) return undefined;
  const field = req.images !== undefined ? 'images' : 'imageUrls';
  inputs.forEach((img, i) => {
    if ((img.uploadId === undefined) === (img.url === undefined)) throw invalid('Each image needs exactly one of uploadId or url', `${field}/${i}`);
  });
  const wanted = inputs.map((img) => img.uploadId?.toLowerCase() ?? uploadIdOfUrl(img.url ?? ''));
  const ids = wanted.filter((id): id is string => id !== null);
  const found = lookup && ids.length > 0 ? await lookup(ids) : [];
  const mine = new Map(found.filter((u) => u.ownerId === ownerId).map((u) => [u.id, u]));
  return inputs.map((img, i) => {
    const alt = img.alt?.trim() ?? '';
    const upload = wanted[i] ? mine.get(wanted[i]) : undefined;
    if (upload) return fromUpload(upload, alt);
    if (img.uploadId !== undefined) {
      throw new AppError('UNKNOWN_UPLOAD', `No upload of yours with id '${img.uploadId}'`, { field: `${field}/${i}/uploadId` }, 422);
    }
    return plain(img.url ?? '', alt);
  });
}

/** The URL a one-size client shows: the listing variant, or the photo itself. */
export const listingUrl = (img: StoredImage): string => img.variants?.listing.url ?? img.url;

/** The photos as the auction view shows them; a photo without alt text is described by the listing's title. */
export function presentImages(images: StoredImage[], title: string): AuctionImage[] {
  return images.map((img) => ({
    url: img.url,
    alt: img.alt || title,
    width: img.width,
    height: img.height,
    variants: img.variants,
  }));
}

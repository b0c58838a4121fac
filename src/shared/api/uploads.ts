/** The uploads wire contract. */
import { type Static, Type } from 'typebox';
import { IdParam, Strict } from './common.js';

/** The resized copies of an uploaded image, smallest first. */
export const VARIANT_NAMES = ['thumbnail', 'listing', 'zoom'] as const;
/** One variant name: `thumbnail` (~320 px wide), `listing` (~800), `zoom` (~1600, never upscaled). */
export type VariantName = (typeof VARIANT_NAMES)[number];

/** One resized copy: where it is served and its size in pixels. */
export const ImageVariant = Type.Object({ url: Type.String(), width: Type.Integer(), height: Type.Integer() });
export type ImageVariant = Static<typeof ImageVariant>;

/** The three variants of an uploaded image. */
export const ImageVariants = Type.Object({ thumbnail: ImageVariant, listing: ImageVariant, zoom: ImageVariant });
export type ImageVariants = Static<typeof ImageVariants>;

/**
 * The answer to an upload: `url` (the metadata-free original) and the variants'
 * URLs are absolute; send `id` as an auction image's `uploadId`.
 */
export const UploadResponse = Type.Object(
  {
    id: Type.String(),
    url: Type.String({ format: 'uri' }),
    contentType: Type.String(),
    size: Type.Integer(),
    width: Type.Integer(),
    height: Type.Integer(),
    variants: ImageVariants,
  },
  { $id: 'Upload' },
);
export type Upload = Static<typeof UploadResponse>;

/** Where stored uploads are served from (outside `/api/v1`: plain, cacheable files). */
export const UPLOADS_PATH = '/uploads';

/** The same-origin path of a stored upload. */
export const uploadPath = (id: string): string => `${UPLOADS_PATH}/${id}`;

// A malformed id is a 404 like an unknown one.
export const UploadIdParams = Strict({ id: IdParam('UPLOAD_NOT_FOUND') });

// An unknown variant name is a 404 like an unknown id.
export const UploadVariantParams = Strict({
  id: IdParam('UPLOAD_NOT_FOUND'),
  variant: Type.Union(
    VARIANT_NAMES.map((n) => Type.Literal(n)),
    { 'x-not-found': 'UPLOAD_NOT_FOUND' },
  ),
});

import { createHash } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { fail, ok, type Result } from '../../platform/errors.js';
import type { ImageType } from './domain/image.js';
import { checkDimensions, MAX_PIXELS, VARIANT_NAMES, VARIANT_WIDTHS, type VariantName } from './domain/variants.js';

/** Bytes ready to serve, with their size and strong validator. */
export interface EncodedImage {
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
  etag: string;
}

/** An accepted upload: the metadata-free original and its resized variants. */
export interface ProcessedImage extends EncodedImage {
  variants: Record<VariantName, EncodedImage>;
}

const etagOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const encoded = (contentType: string, r: { data: Buffer; info: OutputInfo }): EncodedImage => ({
  contentType,
  bytes: r.data,
  width: r.info.width,
  height: r.info.height,
  etag: etagOf(r.data),
});

/** Re-encodes in the declared type: output carries no EXIF, GPS or comments (sharp writes none unless asked). */
function reencode(img: Sharp, type: ImageType): Sharp {
  switch (type) {
    case 'image/jpeg':
      return img.jpeg({ quality: 90, progressive: true });
    case 'image/png':
      return img.png({ compressionLevel: 6 });
    case 'image/webp':
      return img.webp({ quality: 90 });
    case 'image/gif':
      return img.gif();
    default: {
      const never: never = type;
      return never;
    }
  }
}

/**
 * Decodes, validates and resizes an image whose leading bytes were already checked.
 * Variants are JPEG (several times faster to encode than WebP, which keeps uploads
 * and the demo seed quick, and readable everywhere), or WebP when the image has
 * transparency, which JPEG cannot hold.
 */
export async function processImage(type: ImageType, bytes: Buffer): Promise<Result<ProcessedImage>> {
  const options = { limitInputPixels: MAX_PIXELS, failOn: 'error' } as const;
  let meta: Metadata;
  try {
    meta = await sharp(bytes, options).metadata();
  } catch {
    return fail('INVALID_IMAGE', `The bytes are not a readable ${type} image`);
  }
  const { width, height } = meta.autoOrient ?? meta;
  const refused = checkDimensions(width ?? 0, height ?? 0);
  if (refused) return fail('IMAGE_TOO_LARGE', refused, { width: width ?? null, height: height ?? null });
  try {
    // rotate() with no angle applies the EXIF orientation before the tag is dropped.
    const original = reencode(sharp(bytes, { ...options, animated: type === 'image/gif' }).rotate(), type);
    const base = sharp(bytes, options).rotate();
    const alpha = meta.hasAlpha === true;
    const variantType = alpha ? 'image/webp' : 'image/jpeg';
    const [orig, ...sized] = await Promise.all([
      original.toBuffer({ resolveWithObject: true }),
      ...VARIANT_NAMES.map((name) => {
        const resized = base.clone().resize({ width: VARIANT_WIDTHS[name], withoutEnlargement: true });
        const out = alpha ? resized.webp({ quality: 82, effort: 2 }) : resized.jpeg({ quality: 82, progressive: true });
        return out.toBuffer({ resolveWithObject: true });
      }),
    ]);
    if (!orig) throw new Error('no output');
    const variants = Object.fromEntries(VARIANT_NAMES.map((name, i) => [name, encoded(variantType, sized[i] as never)])) as ProcessedImage['variants'];
    // An animated GIF's height is the sum of its frames; the page height is what people see.
    const first = { ...encoded(type, orig), width: width ?? orig.info.width, height: height ?? orig.info.height };
    return ok({ ...first, variants });
  } catch {
    return fail('INVALID_IMAGE', `The ${type} image could not be decoded`);
  }
}

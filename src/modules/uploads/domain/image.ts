/**
 * Which images we accept, recognised by their leading bytes (magic numbers), so a
 * declared `Content-Type` that does not match the bytes is refused. Pure: no I/O.
 */

/** The image types an upload may declare. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
/** One accepted image type. */
export type ImageType = (typeof IMAGE_TYPES)[number];

export function isImageType(s: string): s is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(s);
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type the bytes are, or null when they are none of the accepted ones. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** Why an upload is refused, or null when it is acceptable. */
export type ImageRejection = { code: 'UNSUPPORTED_MEDIA_TYPE' | 'INVALID_IMAGE'; message: string };

/** Checks a declared content type against the bytes. */
export function checkImage(declared: string, bytes: Uint8Array): ImageRejection | null {
  if (!isImageType(declared)) {
    return { code: 'UNSUPPORTED_MEDIA_TYPE', message: `Send an image as ${IMAGE_TYPES.join(', ')}` };
  }
  if (bytes.length === 0) return { code: 'INVALID_IMAGE', message: 'The image is empty' };
  const actual = sniffImage(bytes);
  if (actual === null) return { code: 'INVALID_IMAGE', message: `The bytes are not a ${declared} image` };
  if (actual !== declared) {
    return { code: 'INVALID_IMAGE', message: `The bytes are a ${actual} image but were sent as ${declared}` };
  }
  return null;
}

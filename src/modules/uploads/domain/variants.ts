/**
 * The resized copies every uploaded image gets, and the rules for their sizes.
 * Pure: the decoding and encoding happen in `image.processing.ts`.
 */

import { VARIANT_NAMES, type VariantName } from '../../../shared/api/uploads.js';

export { VARIANT_NAMES, type VariantName };

/** Target widths: grid tiles (2x of a 160 px tile), the listing page, the zoom view. */
export const VARIANT_WIDTHS: Record<VariantName, number> = { thumbnail: 320, listing: 800, zoom: 1600 };

export function isVariantName(s: string): s is VariantName {
  return (VARIANT_NAMES as readonly string[]).includes(s);
}

/** Largest accepted side and area: larger images cost too much memory to decode. */
export const MAX_SIDE = 12_000;
export const MAX_PIXELS = 50_000_000;

/** The size of a variant: `target` wide at the same aspect ratio, never wider than the original. */
export function variantSize(width: number, height: number, target: number): { width: number; height: number } {
  if (width <= target) return { width, height };
  return { width: target, height: Math.max(1, Math.round((height * target) / width)) };
}

/** Why decoded dimensions are refused, or null when they are acceptable. */
export function checkDimensions(width: number, height: number): string | null {
  if (!(width > 0 && height > 0)) return 'The image has no size';
  if (width > MAX_SIDE || height > MAX_SIDE) return `The image is ${width}x${height} px; each side may be at most ${MAX_SIDE} px`;
  if (width * height > MAX_PIXELS) return `The image has ${width * height} pixels; at most ${MAX_PIXELS} are accepted`;
  return null;
}

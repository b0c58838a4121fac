import type { AuctionImage } from '../../shared/api/auctions';
import type { VariantName } from '../../shared/api/uploads';

/** What an `<img>` needs to show a listing photo at one size without layout shift. */
export interface PictureSources {
  src: string;
  srcSet?: string;
  width?: number;
  height?: number;
}

/**
 * The `src` (the variant asked for), a `srcset` of every variant (distinct widths
 * only: small photos have variants of one width) and the intrinsic size, so the
 * browser reserves the box before the bytes arrive. A plain URL has only itself.
 */
export function pictureSources(image: AuctionImage, size: VariantName): PictureSources {
  const v = image.variants;
  if (!v) {
    return {
      src: image.url,
      ...(image.width !== null && image.height !== null ? { width: image.width, height: image.height } : {}),
    };
  }
  const seen = new Set<number>();
  const srcSet = [v.thumbnail, v.listing, v.zoom]
    .filter((x) => !seen.has(x.width) && seen.add(x.width))
    .map((x) => `${x.url} ${x.width}w`)
    .join(', ');
  const chosen = v[size];
  return { src: chosen.url, srcSet, width: chosen.width, height: chosen.height };
}

import type { AuctionImage } from '../../../shared/api/auctions';
import type { VariantName } from '../../../shared/api/uploads';
import { useT } from '../i18n';
import { pictureSources } from '../picture-sources';

/**
 * A listing photo: the variant for `size` as `src`, every variant in `srcset` so the
 * browser picks by `sizes` and pixel density, width and height attributes against
 * layout shift, lazy loading unless `eager` (the first photo above the fold).
 * Without an image it shows a neutral "no photo" box.
 */
export function Picture({
  image,
  size = 'listing',
  sizes,
  eager = false,
  single = false,
  className,
}: {
  image: AuctionImage | undefined;
  size?: VariantName;
  /** The `sizes` attribute: how wide the photo is shown, e.g. "(max-width: 600px) 50vw, 320px". */
  sizes?: string;
  eager?: boolean;
  /** Only the variant asked for, no `srcset`: the zoom view magnifies it, so a smaller pick would blur. */
  single?: boolean;
  className?: string;
}) {
  const { t } = useT('images');
  if (!image) {
    return (
      <div className={`picture picture-empty ${className ?? ''}`} role="img" aria-label={t('noPhoto')}>
        <span aria-hidden="true" className="picture-empty-mark" />
      </div>
    );
  }
  const s = pictureSources(image, size);
  return (
    <img
      className={`picture ${className ?? ''}`}
      src={s.src}
      {...(s.srcSet && !single ? { srcSet: s.srcSet, sizes: sizes ?? '100vw' } : {})}
      {...(s.width !== undefined ? { width: s.width, height: s.height } : {})}
      alt={image.alt}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      draggable={false}
    />
  );
}

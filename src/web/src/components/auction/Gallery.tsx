import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import { Picture } from '../Picture';
import { Thumb } from '../ui';
import { Lightbox } from './Lightbox';
import { swipeDirection } from './zoom';

/**
 * Touch swipes on an element: the photo follows the finger sideways and a drag past the
 * threshold steps. Mouse drags are left alone (a click opens the lightbox). The element's
 * `touch-action: pan-y` leaves vertical scrolling to the browser and sideways drags to us.
 */
export function useSwipe(onStep: (d: -1 | 1) => void, enabled = true) {
  const start = useRef<{ id: number; x: number; y: number } | null>(null);
  const swiped = useRef(false);
  const [offset, setOffset] = useState(0);
  const end = (e: PointerEvent<HTMLElement>, cancelled: boolean) => {
    const s = start.current;
    if (!s || s.id !== e.pointerId) return;
    start.current = null;
    setOffset(0);
    const dir = cancelled ? 0 : swipeDirection(e.clientX - s.x, e.clientY - s.y);
    if (dir !== 0) {
      swiped.current = true;
      onStep(dir);
    }
  };
  const handlers = {
    onPointerDown: (e: PointerEvent<HTMLElement>) => {
      swiped.current = false;
      if (!enabled || e.pointerType === 'mouse' || !e.isPrimary) return;
      start.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
    },
    onPointerMove: (e: PointerEvent<HTMLElement>) => {
      const s = start.current;
      if (s && s.id === e.pointerId) setOffset(e.clientX - s.x);
    },
    onPointerUp: (e: PointerEvent<HTMLElement>) => end(e, false),
    onPointerCancel: (e: PointerEvent<HTMLElement>) => end(e, true),
  };
  /** True once after a swipe, so the click the same touch may end in does not also act. */
  const consumeSwipe = () => {
    const s = swiped.current;
    swiped.current = false;
    return s;
  };
  return { handlers, offset, consumeSwipe };
}

/**
 * The listing's photos: the chosen one large, buttons and arrow keys to step, a counter,
 * a strip of thumbnails, swipes on touch screens; a click or Enter opens the lightbox.
 */
export function Gallery({ a }: { a: Auction }) {
  const { t } = useT('images');
  const images = a.images;
  const count = images.length;
  const [index, setIndex] = useState(0);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const strip = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);
  const step = (d: number) => setIndex((i) => (i + d + count) % count);
  const swipe = useSwipe(step, count > 1);
  // Focus goes back to the photo that opened the lightbox once it is gone.
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  // A photo added after the first bid may shorten nothing, but a removed one must not leave us past the end.
  const current = Math.min(index, Math.max(0, count - 1));
  const photo = images[current];
  if (!photo) {
    return (
      <div className="gallery">
        <Thumb auction={a} large />
      </div>
    );
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const d = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
    if (d === 0 || count < 2) return;
    e.preventDefault();
    step(d);
    // Stepping from the strip keeps focus on the chosen thumbnail.
    if (strip.current?.contains(document.activeElement)) {
      requestAnimationFrame(() => strip.current?.querySelector<HTMLButtonElement>('[aria-pressed="true"]')?.focus());
    }
  };
  const style = swipe.offset ? { transform: `translateX(${swipe.offset}px)` } : undefined;
  return (
    <div className="gallery" data-testid="gallery">
      <div className="gallery-body" role="group" aria-roledescription={t('gallery')} aria-label={a.title} onKeyDown={onKeyDown}>
        <div className={swipe.offset ? 'gallery-stage dragging' : 'gallery-stage'} {...swipe.handlers}>
          <button
            ref={opener}
            type="button"
            className="gallery-main"
            data-testid="gallery-main"
            data-index={current}
            aria-label={t('open', { index: current + 1, count, alt: photo.alt })}
            onClick={() => {
              if (!swipe.consumeSwipe()) setOpen(true);
            }}
          >
            <span className="gallery-slide" style={style}>
              <Picture image={photo} size="listing" eager sizes="(max-width: 900px) 100vw, 640px" className="thumb thumb-large" />
            </span>
          </button>
          {count > 1 ? (
            <>
              <button type="button" className="gallery-step gallery-prev" aria-label={t('previous')} onClick={() => step(-1)}>
                <span aria-hidden="true">‹</span>
              </button>
              <button type="button" className="gallery-step gallery-next" aria-label={t('next')} onClick={() => step(1)}>
                <span aria-hidden="true">›</span>
              </button>
              <p className="gallery-counter" aria-live="polite" data-testid="gallery-counter">
                {t('counter', { index: current + 1, count })}
              </p>
            </>
          ) : null}
        </div>
        {count > 1 ? (
          <div className="thumbs" ref={strip} role="group" aria-label={t('thumbnails')}>
            {images.map((p, i) => (
              <button
                key={`${p.url}-${i}`}
                type="button"
                className={i === current ? 'thumb-btn active' : 'thumb-btn'}
                onClick={() => setIndex(i)}
                aria-label={t('photoOfAlt', { index: i + 1, count, alt: p.alt })}
                aria-pressed={i === current}
              >
                <Picture image={p} size="thumbnail" sizes="64px" />
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {open ? <Lightbox images={images} index={current} onStep={step} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

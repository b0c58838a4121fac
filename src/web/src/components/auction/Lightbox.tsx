import { type KeyboardEvent, type PointerEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import type { AuctionImage } from '../../../../shared/api/auctions';
import { Picture } from '../Picture';
import { CLICK_SCALE, FIT, panBy, swipeDirection, toggleAt, transformOf, wheelAt, zoomAt, type ZoomView } from './zoom';

/** Two taps (or the two clicks of a double click) closer than this are one gesture. */
const DOUBLE_MS = 350;
/** Travel (CSS px) after which a press is a drag, not a tap. */
const TAP_SLOP = 6;

interface Press {
  x: number;
  y: number;
  startX: number;
  startY: number;
  type: string;
}

const boxOf = (el: HTMLElement) => ({ width: el.clientWidth, height: el.clientHeight });
const pointIn = (el: HTMLElement, x: number, y: number) => {
  const r = el.getBoundingClientRect();
  return { px: x - r.left, py: y - r.top };
};

/**
 * Zoom and pan with Pointer Events: a click zooms at the pointer (and back), a double tap
 * too, two fingers pinch, one drags a zoomed photo, the wheel zooms, and a sideways touch
 * drag on a fitted photo steps. The view resets whenever `resetKey` changes.
 */
function useZoom(viewport: RefObject<HTMLDivElement | null>, onStep: (d: -1 | 1) => void, resetKey: number) {
  const [view, setView] = useState<ZoomView>(FIT);
  const [dragging, setDragging] = useState(false);
  const presses = useRef(new Map<number, Press>());
  const lastTap = useRef({ at: 0, x: 0, y: 0 });
  const moved = useRef(false);
  useEffect(() => setView(FIT), [resetKey]);
  // React's wheel listener is passive; this one must stop the page from scrolling.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { px, py } = pointIn(el, e.clientX, e.clientY);
      setView((v) => wheelAt(v, e.deltaY, px, py, boxOf(el)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [viewport]);

  const tap = (el: HTMLElement, p: Press) => {
    const now = performance.now();
    const { px, py } = pointIn(el, p.x, p.y);
    const last = lastTap.current;
    const double = now - last.at < DOUBLE_MS && Math.hypot(p.x - last.x, p.y - last.y) < 30;
    lastTap.current = double ? { at: 0, x: 0, y: 0 } : { at: now, x: p.x, y: p.y };
    if (p.type === 'mouse') {
      // The second click of a double click zooms in (never back out), so both gestures zoom.
      setView((v) => (double ? zoomAt(v, Math.max(v.scale, CLICK_SCALE), px, py, boxOf(el)) : toggleAt(v, px, py, boxOf(el))));
    } else if (double) {
      setView((v) => toggleAt(v, px, py, boxOf(el)));
    }
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    presses.current.set(e.pointerId, { x: e.clientX, y: e.clientY, startX: e.clientX, startY: e.clientY, type: e.pointerType });
    if (presses.current.size === 1) moved.current = false;
    setDragging(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = presses.current.get(e.pointerId);
    if (!p) return;
    const el = e.currentTarget;
    const dx = e.clientX - p.x;
    const dy = e.clientY - p.y;
    if (Math.hypot(e.clientX - p.startX, e.clientY - p.startY) > TAP_SLOP) moved.current = true;
    const others = [...presses.current.entries()].filter(([id]) => id !== e.pointerId).map(([, o]) => o);
    const other = others[0];
    if (other) {
      // A pinch: scale by how much the fingers' distance changed, around their midpoint.
      const before = Math.hypot(p.x - other.x, p.y - other.y) || 1;
      const after = Math.hypot(e.clientX - other.x, e.clientY - other.y) || 1;
      const { px, py } = pointIn(el, (e.clientX + other.x) / 2, (e.clientY + other.y) / 2);
      setView((v) => panBy(zoomAt(v, v.scale * (after / before), px, py, boxOf(el)), dx / 2, dy / 2, boxOf(el)));
    } else {
      setView((v) => (v.scale > 1 ? panBy(v, dx, dy, boxOf(el)) : v));
    }
    p.x = e.clientX;
    p.y = e.clientY;
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>, cancelled = false) => {
    const p = presses.current.get(e.pointerId);
    if (!p) return;
    const single = presses.current.size === 1;
    presses.current.delete(e.pointerId);
    if (presses.current.size === 0) setDragging(false);
    if (cancelled || !single) return;
    if (!moved.current) {
      tap(e.currentTarget, p);
      return;
    }
    if (p.type !== 'mouse' && view.scale === 1) {
      const dir = swipeDirection(e.clientX - p.startX, e.clientY - p.startY);
      if (dir !== 0) onStep(dir);
    }
  };
  const zoomBy = (factor: number) => {
    const el = viewport.current;
    if (!el) return;
    const box = boxOf(el);
    setView((v) => zoomAt(v, v.scale * factor, box.width / 2, box.height / 2, box));
  };
  const handlers = { onPointerDown, onPointerMove, onPointerUp: (e: PointerEvent<HTMLDivElement>) => onPointerUp(e), onPointerCancel: (e: PointerEvent<HTMLDivElement>) => onPointerUp(e, true) };
  return { view, dragging, handlers, zoomBy, reset: () => setView(FIT) };
}

/** Keeps Tab and Shift+Tab among the dialog's own controls. */
function trapTab(e: KeyboardEvent<HTMLDialogElement>) {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('button:not([disabled])')];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * The full-screen photo: a modal dialog (the page behind is inert; Tab stays inside,
 * Escape closes) with the zoom variant, zoom and pan, and stepping through the photos.
 */
export function Lightbox({ images, index, onStep, onClose }: { images: AuctionImage[]; index: number; onStep: (d: -1 | 1) => void; onClose: () => void }) {
  const { t } = useT('images');
  const dialog = useRef<HTMLDialogElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const zoom = useZoom(viewport, onStep, index);
  const photo = images[index];
  const count = images.length;
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    closeButton.current?.focus();
    return () => d?.close();
  }, []);
  if (!photo) return null;
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Tab') return trapTab(e);
    const actions: Record<string, () => void> = {
      ArrowLeft: () => onStep(-1),
      ArrowRight: () => onStep(1),
      '+': () => zoom.zoomBy(1.5),
      '=': () => zoom.zoomBy(1.5),
      '-': () => zoom.zoomBy(1 / 1.5),
      '0': zoom.reset,
    };
    const act = actions[e.key];
    if (!act || (count < 2 && e.key.startsWith('Arrow'))) return;
    e.preventDefault();
    act();
  };
  const zoomed = zoom.view.scale > 1;
  return (
    <dialog
      ref={dialog}
      className="lightbox"
      data-testid="lightbox"
      aria-label={t('lightbox', { index: index + 1, count, alt: photo.alt })}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // Only a close we did not ask for (the browser's own); StrictMode's remount closes and reopens.
      onClose={() => {
        if (!dialog.current?.open) onClose();
      }}
    >
      <div className="lightbox-bar">
        <span className="lightbox-counter" aria-live="polite" data-testid="lightbox-counter">
          {t('counter', { index: index + 1, count })}
        </span>
        <span className="lightbox-alt">{photo.alt}</span>
        <button type="button" className="button button-ghost button-small" onClick={() => zoom.zoomBy(1.5)} aria-label={t('zoomIn')}>
          <span aria-hidden="true">+</span>
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => zoom.zoomBy(1 / 1.5)} disabled={!zoomed} aria-label={t('zoomOut')}>
          <span aria-hidden="true">−</span>
        </button>
        <button ref={closeButton} type="button" className="button button-small" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      <div
        ref={viewport}
        className={zoomed ? 'lightbox-viewport zoomed' : 'lightbox-viewport'}
        data-testid="lightbox-viewport"
        {...zoom.handlers}
      >
        <div className={zoom.dragging ? 'lightbox-photo dragging' : 'lightbox-photo'} data-testid="lightbox-photo" style={{ transform: transformOf(zoom.view) }}>
          <Picture image={photo} size="zoom" single eager className="lightbox-img" />
        </div>
      </div>
      {count > 1 ? (
        <>
          <button type="button" className="gallery-step gallery-prev" aria-label={t('previous')} onClick={() => onStep(-1)}>
            <span aria-hidden="true">‹</span>
          </button>
          <button type="button" className="gallery-step gallery-next" aria-label={t('next')} onClick={() => onStep(1)}>
            <span aria-hidden="true">›</span>
          </button>
        </>
      ) : null}
      <p className="sr-only">{t('zoomHelp')}</p>
    </dialog>
  );
}

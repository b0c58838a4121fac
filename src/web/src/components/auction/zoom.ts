// The lightbox's zoom and pan as plain arithmetic, so it is tested without a browser.
// The photo's box fills the viewport at scale 1; a view is `translate(x, y) scale(scale)`
// with the transform origin at the box's top-left corner.

/** How the zoomed photo sits in its viewport: offsets in CSS pixels and a scale factor. */
export interface ZoomView {
  scale: number;
  x: number;
  y: number;
}

/** The viewport's size in CSS pixels. */
export interface Box {
  width: number;
  height: number;
}

export const FIT: ZoomView = { scale: 1, x: 0, y: 0 };
export const MIN_SCALE = 1;
export const MAX_SCALE = 4;
/** The scale a click or double tap zooms to. */
export const CLICK_SCALE = 2.5;
/** Horizontal travel (CSS px) that makes a touch drag a swipe to the next photo. */
export const SWIPE_THRESHOLD = 40;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps the photo covering its viewport: no empty band beside a zoomed photo. */
export function clampView(v: ZoomView, box: Box): ZoomView {
  const scale = clamp(v.scale, MIN_SCALE, MAX_SCALE);
  return {
    scale,
    x: clamp(v.x, box.width - box.width * scale, 0),
    y: clamp(v.y, box.height - box.height * scale, 0),
  };
}

/**
 * Zooms to `scale` keeping the point under the pointer (`px`, `py`, relative to the
 * viewport) where it is, so the photo grows around what the person points at.
 */
export function zoomAt(v: ZoomView, scale: number, px: number, py: number, box: Box): ZoomView {
  const s = clamp(scale, MIN_SCALE, MAX_SCALE);
  const k = s / v.scale;
  return clampView({ scale: s, x: px - (px - v.x) * k, y: py - (py - v.y) * k }, box);
}

/** Moves a zoomed photo by the pointer's travel. */
export function panBy(v: ZoomView, dx: number, dy: number, box: Box): ZoomView {
  return clampView({ ...v, x: v.x + dx, y: v.y + dy }, box);
}

/** A click or double tap: zoom in at the point, or back to fit when already zoomed. */
export function toggleAt(v: ZoomView, px: number, py: number, box: Box): ZoomView {
  return v.scale > 1 ? FIT : zoomAt(v, CLICK_SCALE, px, py, box);
}

/** A wheel step: up zooms in, down out, by a factor that follows how far the wheel turned. */
export function wheelAt(v: ZoomView, deltaY: number, px: number, py: number, box: Box): ZoomView {
  const factor = Math.exp(-clamp(deltaY, -200, 200) / 300);
  return zoomAt(v, v.scale * factor, px, py, box);
}

/** -1 (previous), 1 (next) or 0: whether a touch drag travelled far enough sideways to be a swipe. */
export function swipeDirection(dx: number, dy: number): -1 | 0 | 1 {
  if (Math.abs(dx) < SWIPE_THRESHOLD || Math.abs(dx) < Math.abs(dy)) return 0;
  return dx < 0 ? 1 : -1;
}

/** The CSS transform of a view. */
export const transformOf = (v: ZoomView): string => `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampView, FIT, MAX_SCALE, panBy, swipeDirection, toggleAt, wheelAt, zoomAt } from './zoom';

const box = { width: 800, height: 600 };

describe('lightbox zoom', () => {
  it('when zooming at a point, then that point of the photo stays under the pointer', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: MAX_SCALE, noNaN: true }), fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 600 }), (s, px, py) => {
        const v = zoomAt(FIT, s, px, py, box);
        // The photo point under (px, py) before zooming is (px, py) itself (scale 1, no offset).
        expect(v.x + px * v.scale).toBeCloseTo(px, 6);
        expect(v.y + py * v.scale).toBeCloseTo(py, 6);
      }),
    );
  });

  it('when panning or zooming anywhere, then the photo still covers the viewport', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -5000, max: 5000 }), (s, dx, dy) => {
        const v = panBy(zoomAt(FIT, s, 400, 300, box), dx, dy, box);
        expect(v.scale).toBeGreaterThanOrEqual(1);
        expect(v.scale).toBeLessThanOrEqual(MAX_SCALE);
        expect(v.x).toBeLessThanOrEqual(0);
        expect(v.y).toBeLessThanOrEqual(0);
        expect(v.x + box.width * v.scale).toBeGreaterThanOrEqual(box.width - 1e-9);
        expect(v.y + box.height * v.scale).toBeGreaterThanOrEqual(box.height - 1e-9);
      }),
    );
  });

  it('when a fitted photo is clicked, then it zooms in; when clicked again, then it fits again', () => {
    const zoomed = toggleAt(FIT, 100, 100, box);
    expect(zoomed.scale).toBeGreaterThan(1);
    expect(toggleAt(zoomed, 100, 100, box)).toEqual(FIT);
  });

  it('when the wheel turns up, then the photo zooms in, and down, then out but never below fit', () => {
    const inward = wheelAt(FIT, -100, 400, 300, box);
    expect(inward.scale).toBeGreaterThan(1);
    expect(wheelAt(inward, 100, 400, 300, box).scale).toBeCloseTo(1, 6);
    expect(wheelAt(FIT, 500, 400, 300, box)).toEqual(clampView(FIT, box));
  });

  it('when a touch drag is short or mostly vertical, then it is no swipe; when long and sideways, then it names the direction', () => {
    expect(swipeDirection(-20, 0)).toBe(0);
    expect(swipeDirection(-80, 120)).toBe(0);
    expect(swipeDirection(-80, 10)).toBe(1);
    expect(swipeDirection(90, -5)).toBe(-1);
  });
});

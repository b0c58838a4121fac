import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDimensions, MAX_SIDE, variantSize } from './variants.js';

describe('variant sizes', () => {
  it('when the image is wider than the target, then the variant is the target wide at the same aspect ratio', () => {
    expect(variantSize(2400, 1800, 800)).toEqual({ width: 800, height: 600 });
    expect(variantSize(3000, 10, 320)).toEqual({ width: 320, height: 1 });
  });

  it('when the image is narrower than the target, then it is never upscaled', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2000 }), (w, h, target) => {
        const v = variantSize(w, h, target);
        expect(v.width).toBeLessThanOrEqual(w);
        expect(v.height).toBeLessThanOrEqual(h);
        expect(v.width).toBe(Math.min(w, target));
      }),
    );
  });

  it('when a side is over the limit, then the dimensions are refused', () => {
    expect(checkDimensions(MAX_SIDE + 1, 10)).toMatch(/at most/);
    expect(checkDimensions(8000, 8000)).toMatch(/pixels/);
    expect(checkDimensions(1600, 1200)).toBeNull();
  });
});

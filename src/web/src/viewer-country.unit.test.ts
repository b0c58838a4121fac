import { describe, expect, it } from 'vitest';
import { regionOf } from './viewer-country';

describe('the viewer\'s country from the browser languages', () => {
  it('when the first tag names a region, then that region is the country', () => {
    expect(regionOf(['de-AT', 'en-US'])).toBe('AT');
  });

  it('when a tag has no region, then the region its language most likely means is used', () => {
    expect(regionOf(['de'])).toBe('DE');
  });

  it('when no tag points at a known country, then there is none', () => {
    expect(regionOf(['not a tag', 'en-001'], new Set(['DE']))).toBeNull();
    expect(regionOf([])).toBeNull();
  });
});

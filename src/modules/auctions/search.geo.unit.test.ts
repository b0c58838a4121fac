import { describe, expect, it } from 'vitest';
import { distanceKm, EARTH_RADIUS_KM, geoBox, nearFrom } from './search.geo.js';

const inBox = (box: ReturnType<typeof geoBox>, p: { lat: number; lon: number }) =>
  p.lat >= box.minLat && p.lat <= box.maxLat && (box.lon === null || box.lon.some(([lo, hi]) => p.lon >= lo && p.lon <= hi));

const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** The point `km` from `p` along `bearing` degrees (great circle), longitude in -180..180. */
function destination(p: { lat: number; lon: number }, bearing: number, km: number) {
  const d = km / EARTH_RADIUS_KM;
  const lat1 = rad(p.lat);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(rad(bearing)));
  const lon2 = rad(p.lon) + Math.atan2(Math.sin(rad(bearing)) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: deg(lat2), lon: ((deg(lon2) + 540) % 360) - 180 };
}

describe('distance filter', () => {
  it('when all three of lat, lon and radiusKm are given, then they are read; none, then no filter', () => {
    expect(nearFrom({ lat: '52.5', lon: '-13.25', radiusKm: '10' })).toEqual({ lat: 52.5, lon: -13.25, radiusKm: 10 });
    expect(nearFrom({})).toBeUndefined();
    expect(nearFrom({ lat: ' ', lon: '', radiusKm: '' })).toBeUndefined();
  });

  it('when one is missing or out of range, then INVALID_FILTER names it', () => {
    const field = (q: Record<string, string>) => {
      try {
        nearFrom(q);
        return null;
      } catch (e) {
        return (e as { details?: { field?: string } }).details?.field;
      }
    };
    expect(field({ lat: '1', lon: '2' })).toBe('radiusKm');
    expect(field({ radiusKm: '5' })).toBe('lat');
    expect(field({ lat: '90.01', lon: '0', radiusKm: '5' })).toBe('lat');
    expect(field({ lat: '0', lon: '-180.5', radiusKm: '5' })).toBe('lon');
    expect(field({ lat: '0', lon: '0', radiusKm: '0.5' })).toBe('radiusKm');
  });

  it('when the box is built, then every point within the radius lies inside it, across the antimeridian and near poles', () => {
    const centres = [
      { lat: 52.5, lon: 13.4 },
      { lat: -18, lon: 179.9 },
      { lat: 10, lon: -179.8 },
      { lat: 88, lon: 45 },
      { lat: -89.5, lon: -120 },
      { lat: 0, lon: 0 },
    ];
    const misses: string[] = [];
    for (const c of centres) {
      for (const radiusKm of [1, 50, 500, 5000]) {
        const box = geoBox({ ...c, radiusKm });
        // Points just inside the circle in every direction, and on the way there.
        for (let bearing = 0; bearing < 360; bearing += 3) {
          for (const f of [0.5, 0.999]) {
            const p = destination(c, bearing, radiusKm * f);
            expect(distanceKm(c, p)).toBeLessThanOrEqual(radiusKm);
            if (!inBox(box, p)) misses.push(`${c.lat},${c.lon} r${radiusKm} -> ${p.lat},${p.lon}`);
          }
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('when the circle crosses the antimeridian, then the box has two longitude ranges; over a pole, none', () => {
    expect(geoBox({ lat: -18, lon: 179.9, radiusKm: 300 }).lon).toHaveLength(2);
    expect(geoBox({ lat: 52, lon: 13, radiusKm: 300 }).lon).toHaveLength(1);
    expect(geoBox({ lat: 89.5, lon: 0, radiusKm: 100 }).lon).toBeNull();
  });
});

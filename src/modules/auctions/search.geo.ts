import { invalidFilter } from './auction.queries.js';

/** Mean earth radius (IUGG), the one the haversine distance uses. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Listings within `radiusKm` (great-circle) of a point. */
export interface Near {
  lat: number;
  lon: number;
  radiusKm: number;
}

/**
 * The box around a circle that a btree on (lat, lon) can scan. `lon` holds one or two ranges
 * (two when the circle crosses the antimeridian) or null when every longitude can be inside
 * (the circle reaches a pole).
 */
export interface GeoBox {
  minLat: number;
  maxLat: number;
  lon: [number, number][] | null;
}

const DEC = /^-?\d{1,5}(\.\d{1,12})?$/;

function coordinate(raw: string | undefined, field: 'lat' | 'lon' | 'radiusKm', min: number, max: number): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim();
  const n = Number(v);
  if (!DEC.test(v) || n < min || n > max) throw invalidFilter(field, `${field} must be a number from ${min} to ${max}`);
  return n;
}

/** Reads `lat`, `lon` and `radiusKm`: all three or none, else a 422 INVALID_FILTER naming the missing or bad field. */
export function nearFrom(q: { lat?: string | undefined; lon?: string | undefined; radiusKm?: string | undefined }): Near | undefined {
  const lat = coordinate(q.lat, 'lat', -90, 90);
  const lon = coordinate(q.lon, 'lon', -180, 180);
  const radiusKm = coordinate(q.radiusKm, 'radiusKm', 1, 20_000);
  if (lat === undefined && lon === undefined && radiusKm === undefined) return undefined;
  if (lat === undefined) throw invalidFilter('lat', 'A distance filter needs lat, lon and radiusKm');
  if (lon === undefined) throw invalidFilter('lon', 'A distance filter needs lat, lon and radiusKm');
  if (radiusKm === undefined) throw invalidFilter('radiusKm', 'A distance filter needs lat, lon and radiusKm');
  return { lat, lon, radiusKm };
}

const deg = (rad: number) => (rad * 180) / Math.PI;
const rad = (d: number) => (d * Math.PI) / 180;

/**
 * The bounding box of the circle (J. P. Matuschek, "Finding points within a distance of a
 * latitude/longitude using bounding coordinates"), a little widened so rounding never drops a
 * point the exact distance keeps.
 */
export function geoBox({ lat, lon, radiusKm }: Near): GeoBox {
  const r = radiusKm / EARTH_RADIUS_KM;
  const pad = 1e-9;
  const minLat = lat - deg(r) - pad;
  const maxLat = lat + deg(r) + pad;
  // Over a pole every longitude is within reach.
  if (minLat <= -90 || maxLat >= 90) return { minLat: Math.max(minLat, -90), maxLat: Math.min(maxLat, 90), lon: null };
  const dLon = deg(Math.asin(Math.sin(r) / Math.cos(rad(lat)))) + pad;
  if (dLon >= 180) return { minLat, maxLat, lon: null };
  const lo = lon - dLon;
  const hi = lon + dLon;
  if (lo < -180) return { minLat, maxLat, lon: [[lo + 360, 180], [-180, hi]] };
  if (hi > 180) return { minLat, maxLat, lon: [[lo, 180], [-180, hi - 360]] };
  return { minLat, maxLat, lon: [[lo, hi]] };
}

/** Great-circle distance in km (haversine), as the SQL filter computes it; for tests and checks. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

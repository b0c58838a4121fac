/**
 * Demo photographs drawn as SVG and rendered with sharp: an object on a table in
 * front of a wall, with a light spot, a soft shadow and a vignette, seen from one
 * of a few "angles". Colours vary per listing (a seeded random source), so no two
 * listings look alike and a re-seed draws the same pictures.
 */
import sharp from 'sharp';

/** The canvas of every demo photo, in px: wide enough for the zoom variant (1600). */
export const PHOTO_WIDTH = 1600;
export const PHOTO_HEIGHT = 1200;

/** How the camera looks at the object. */
export type Angle = 'front' | 'side' | 'detail' | 'top';

/** Colours of one listing's photos. */
export interface Palette {
  hue: number;
  /** The object's main colour and a second one (straps, accents). */
  main: string;
  accent: string;
  wallTop: string;
  wallBottom: string;
  floorTop: string;
  floorBottom: string;
}

/** A drawn object: its gradients, its shapes, where its shadow falls and where a close-up looks. */
export interface Drawing {
  defs: string;
  body: string;
  shadow: { cx: number; cy: number; rx: number; ry: number };
  /** Centre of the close-up ("detail" angle). */
  focus: { x: number; y: number };
}

/** A small deterministic random source (mulberry32) seeded from a string. */
export function randomFrom(seed: string): () => number {
  let h = 1779033703;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(((h % 360) + 360) % 360)},${Math.round(s)}%,${Math.round(l)}%)`;

/** A listing's colours: a calm backdrop and an object colour, both varied by the seed. */
export function paletteFor(seed: string, mainHues: number[]): Palette {
  const r = randomFrom(seed);
  const hue = Math.floor(r() * 360);
  const objectHue = mainHues[Math.floor(r() * mainHues.length)] ?? hue;
  return {
    hue,
    main: hsl(objectHue, 35 + r() * 35, 30 + r() * 25),
    accent: hsl(objectHue + 150 + r() * 60, 40 + r() * 30, 40 + r() * 20),
    wallTop: hsl(hue, 12 + r() * 18, 86 + r() * 6),
    wallBottom: hsl(hue, 10 + r() * 15, 66 + r() * 8),
    floorTop: hsl(hue + 25, 10 + r() * 20, 58 + r() * 10),
    floorBottom: hsl(hue + 25, 12 + r() * 20, 34 + r() * 10),
  };
}

/** Where the table's edge is: objects stand on y ≈ 880. */
export const FLOOR_Y = 900;

function backdrop(p: Palette, lightX: number): string {
  return `
  <defs>
    <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.wallTop}"/><stop offset="1" stop-color="${p.wallBottom}"/></linearGradient>
    <linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.floorTop}"/><stop offset="1" stop-color="${p.floorBottom}"/></linearGradient>
    <radialGradient id="spot" cx="${lightX}" cy="0.35" r="0.55"><stop offset="0" stop-color="#fff" stop-opacity="0.55"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>
    <radialGradient id="shade"><stop offset="0" stop-color="#000" stop-opacity="0.55"/><stop offset="0.6" stop-color="#000" stop-opacity="0.22"/><stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient>
    <radialGradient id="vignette" cx="0.5" cy="0.5" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.45"/></radialGradient>
  </defs>
  <rect width="${PHOTO_WIDTH}" height="${FLOOR_Y - 40}" fill="url(#wall)"/>
  <rect y="${FLOOR_Y - 40}" width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT - FLOOR_Y + 40}" fill="url(#floor)"/>
  <rect y="${FLOOR_Y - 42}" width="${PHOTO_WIDTH}" height="4" fill="#000" opacity="0.12"/>
  <rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#spot)"/>`;
}

/** The whole photograph as an SVG document. */
export function scene(d: Drawing, p: Palette, angle: Angle): string {
  const lightX = angle === 'side' ? 0.7 : angle === 'top' ? 0.5 : 0.3;
  const s = d.shadow;
  const shift = angle === 'side' ? -40 : angle === 'front' ? 30 : 0;
  const shadow = `<ellipse cx="${s.cx + shift}" cy="${s.cy}" rx="${s.rx}" ry="${s.ry}" fill="url(#shade)"/>`;
  const transforms: Record<Angle, string> = {
    front: `translate(800 ${FLOOR_Y}) scale(1.15) translate(-800 -${FLOOR_Y})`,
    side: `translate(800 ${FLOOR_Y}) scale(1.0 1.12) skewX(-7) rotate(-5) translate(-800 -${FLOOR_Y})`,
    top: `translate(800 620) rotate(11) scale(1.05) translate(-800 -620)`,
    detail: '',
  };
  const box =
    angle === 'detail'
      ? [Math.max(0, Math.min(PHOTO_WIDTH - 720, d.focus.x - 360)), Math.max(0, Math.min(PHOTO_HEIGHT - 540, d.focus.y - 270)), 720, 540]
      : [0, 0, PHOTO_WIDTH, PHOTO_HEIGHT];
  const view = box.join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" viewBox="${view}" preserveAspectRatio="xMidYMid slice">
  ${backdrop(p, lightX)}
  <defs>${d.defs}</defs>
  <g transform="${transforms[angle]}">${shadow}${d.body}</g>
  <rect x="${box[0]}" y="${box[1]}" width="${box[2]}" height="${box[3]}" fill="url(#vignette)"/>
</svg>`;
}

/** Renders an SVG photograph to JPEG (what a camera would upload). */
export function renderPhoto(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

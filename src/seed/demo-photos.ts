import { type Angle, mapLimit, paletteFor, renderPhoto, scene } from './photo.scene.js';
import { draw, SUBJECT_HUES, type Subject } from './photo.subjects.js';

export { PHOTO_HEIGHT, PHOTO_WIDTH } from './photo.scene.js';
export type { Angle, Subject };

/** One demo photograph to make: what, from where, in whose colours. */
export interface PhotoSpec {
  subject: Subject;
  angle: Angle;
  /** The listing's seed: its photos share colours, other listings differ. */
  seed: string;
  alt: string;
}

/** The SVG of one demo photograph. */
export function photoSvg(spec: Pick<PhotoSpec, 'subject' | 'angle' | 'seed'>): string {
  const palette = paletteFor(spec.seed, SUBJECT_HUES[spec.subject]);
  return scene(draw(spec.subject, palette), palette, spec.angle);
}

/**
 * Renders every photograph (JPEG) and hands each to `store` (the uploads module),
 * `concurrency` at a time: sharp works on libuv's threads, so a few at once use
 * the cores without flooding memory.
 */
export function makePhotos<R>(specs: readonly PhotoSpec[], store: (jpeg: Buffer, spec: PhotoSpec) => Promise<R>, concurrency: number): Promise<R[]> {
  return mapLimit(specs, concurrency, async (spec) => store(await renderPhoto(photoSvg(spec)), spec));
}

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makePhotos, PHOTO_HEIGHT, PHOTO_WIDTH, photoSvg, type Subject } from './demo-photos.js';
import { mapLimit, randomFrom } from './photo.scene.js';

const SUBJECTS: Subject[] = ['camera', 'watch', 'painting', 'coin', 'sideboard', 'keyboard', 'sneakers', 'film', 'lenscap', 'strap', 'record', 'book'];

describe('demo photographs', () => {
  it('when every subject is drawn, and one from every angle, then each is a valid image of the photo size', async () => {
    const angles = ['front', 'side', 'detail', 'top'] as const;
    const specs = [
      ...SUBJECTS.map((subject, i) => ({ subject, angle: angles[i % angles.length] ?? 'front', seed: subject, alt: subject })),
      ...angles.map((angle) => ({ subject: 'camera' as const, angle, seed: 'all angles', alt: 'camera' })),
    ];
    const metas = await makePhotos(specs, async (jpeg) => sharp(jpeg).metadata(), 4);
    for (const [i, m] of metas.entries()) {
      expect({ format: m.format, width: m.width, height: m.height }, `${specs[i]?.subject} ${specs[i]?.angle}`).toEqual({
        format: 'jpeg',
        width: PHOTO_WIDTH,
        height: PHOTO_HEIGHT,
      });
    }
  }, 60_000);

  it('when a photo is rendered, then it is a picture, not a flat colour', async () => {
    const stats = await sharp(Buffer.from(photoSvg({ subject: 'camera', angle: 'front', seed: 'a' }))).stats();
    // Red, green and blue vary across the picture (the fourth channel of an SVG render is its opaque alpha).
    for (const channel of stats.channels.slice(0, 3)) expect(channel.stdev).toBeGreaterThan(10);
  });

  it('when two listings show the same object, then their colours differ; the same listing draws the same photo again', () => {
    const a = photoSvg({ subject: 'watch', angle: 'front', seed: 'listing-1' });
    expect(photoSvg({ subject: 'watch', angle: 'front', seed: 'listing-2' })).not.toBe(a);
    expect(photoSvg({ subject: 'watch', angle: 'front', seed: 'listing-1' })).toBe(a);
    expect(photoSvg({ subject: 'watch', angle: 'detail', seed: 'listing-1' })).not.toBe(a);
  });

  it('when work runs with a bound, then no more than the bound run at once and results keep their order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('when the random source is seeded alike, then it repeats', () => {
    const [a, b] = [randomFrom('x'), randomFrom('x')];
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

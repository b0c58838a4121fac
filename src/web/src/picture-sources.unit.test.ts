import { describe, expect, it } from 'vitest';
import { pictureSources } from './picture-sources';

const variant = (name: string, width: number, height: number) => ({ url: `/uploads/u/${name}`, width, height });

describe('picture sources', () => {
  it('when a photo has variants, then src is the size asked for, srcset lists each width once, and the box size is known', () => {
    const image = {
      url: '/uploads/u',
      alt: 'Camera',
      width: 2400,
      height: 1800,
      variants: { thumbnail: variant('thumbnail', 320, 240), listing: variant('listing', 800, 600), zoom: variant('zoom', 1600, 1200) },
    };
    expect(pictureSources(image, 'thumbnail')).toEqual({
      src: '/uploads/u/thumbnail',
      srcSet: '/uploads/u/thumbnail 320w, /uploads/u/listing 800w, /uploads/u/zoom 1600w',
      width: 320,
      height: 240,
    });
    const small = { ...image, variants: { thumbnail: variant('thumbnail', 320, 256), listing: variant('listing', 500, 400), zoom: variant('zoom', 500, 400) } };
    expect(pictureSources(small, 'zoom').srcSet).toBe('/uploads/u/thumbnail 320w, /uploads/u/listing 500w');
  });

  it('when a photo is a plain URL, then it is shown as it is, sized only when known', () => {
    expect(pictureSources({ url: 'https://x/a.jpg', alt: '', width: null, height: null, variants: null }, 'listing')).toEqual({ src: 'https://x/a.jpg' });
  });
});

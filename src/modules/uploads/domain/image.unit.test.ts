import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkImage, IMAGE_TYPES, sniffImage } from './image.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const GIF = new TextEncoder().encode('GIF89a\x01\x00');
const WEBP = new TextEncoder().encode('RIFF\x24\x00\x00\x00WEBPVP8 ');

describe('image sniffing', () => {
  it('when the bytes start with a known signature, then the type is recognised', () => {
    expect(sniffImage(PNG)).toBe('image/png');
    expect(sniffImage(JPEG)).toBe('image/jpeg');
    expect(sniffImage(GIF)).toBe('image/gif');
    expect(sniffImage(WEBP)).toBe('image/webp');
  });

  it('when the declared type matches the bytes, then the image is accepted', () => {
    expect(checkImage('image/png', PNG)).toBeNull();
    expect(checkImage('image/webp', WEBP)).toBeNull();
  });

  it('when the declared type differs from the bytes, then INVALID_IMAGE', () => {
    expect(checkImage('image/jpeg', PNG)?.code).toBe('INVALID_IMAGE');
    expect(checkImage('image/png', new TextEncoder().encode('<svg/>'))?.code).toBe('INVALID_IMAGE');
    expect(checkImage('image/png', new Uint8Array())?.code).toBe('INVALID_IMAGE');
  });

  it('when the declared type is not an accepted image type, then UNSUPPORTED_MEDIA_TYPE', () => {
    expect(checkImage('image/svg+xml', PNG)?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(checkImage('text/html', PNG)?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('when any bytes are checked, then an accepted image is exactly one whose sniffed type is the declared one', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.constantFrom(...IMAGE_TYPES), (bytes, declared) => {
        expect(checkImage(declared, bytes) === null).toBe(sniffImage(bytes) === declared);
      }),
    );
  });
});

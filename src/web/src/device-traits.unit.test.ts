import { describe, expect, it } from 'vitest';
import { deviceTraits } from './device-traits';

describe('device traits', () => {
  it('when asked twice, then the same SHA-256 hex is answered, in the form the server accepts', async () => {
    const a = await deviceTraits();
    expect(a).toMatch(/^[a-f0-9]{64}$/);
    expect(await deviceTraits()).toBe(a);
  });
});

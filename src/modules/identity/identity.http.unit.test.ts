import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenFrom } from './identity.http.js';

describe('tokenFrom', () => {
  it('when the session cookie holds a bad %-escape, then there is no token (no URIError)', () => {
    for (const cookie of ['gavel_session=%', 'gavel_session=%E0%A4%A', 'gavel_session=%zz', 'a=1; gavel_session=%ff%fe']) {
      expect(tokenFrom({ cookie })).toBeNull();
    }
  });

  it('when the cookie or header is well-formed, then the token is read from it', () => {
    expect(tokenFrom({ cookie: 'x=1; gavel_session=gv_abc%2Ddef' })).toBe('gv_abc-def');
    expect(tokenFrom({ authorization: 'Bearer gv_abc' })).toBe('gv_abc');
    expect(tokenFrom({ authorization: 'bearer   gv_abc  ' })).toBe('gv_abc');
  });

  it('when Authorization is not a plausible bearer token, then there is no token', () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer \u0000', `Bearer ${'x'.repeat(600)}`, 'Bearer é']) {
      expect(tokenFrom({ authorization })).toBeNull();
    }
  });

  it('when any headers at all arrive, then reading the token never throws', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), (authorization, cookie) => {
        const t = tokenFrom({ authorization: authorization ?? undefined, cookie: cookie ?? undefined });
        expect(t === null || /^[\x21-\x7e]+$/.test(t)).toBe(true);
      }),
    );
  });
});

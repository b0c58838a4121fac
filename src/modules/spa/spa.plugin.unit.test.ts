import { describe, expect, it } from 'vitest';
import { isServerPath } from './spa.plugin.js';

describe('SPA fallback boundaries', () => {
  it('when a path belongs to the API, docs, health or metrics, then the web app never answers it', () => {
    for (const p of ['/api', '/api/v1/nope', '/docs', '/docs/json', '/livez', '/readyz', '/metrics']) expect(isServerPath(p)).toBe(true);
  });
  it('when a path is a client route, then the web app may answer it', () => {
    for (const p of ['/', '/browse', '/auctions/123', '/apiary', '/docsy', '/me/bids']) expect(isServerPath(p)).toBe(false);
  });
});

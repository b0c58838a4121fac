import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, statusFor } from './errors.js';

const SRC = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'web' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

// How codes are written where a Problem is made: AppError('X', ...), fail('X', ...),
// refuse('X', ...), auctionError('X', ...), { code: 'X', ... } and union members | 'X'.
const CODE_SITES = /(?:AppError\(|fail\(|refuse\(|auctionError\(|code: |\| )'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g;
// Codes of the WebSocket protocol's error frames, which never reach an HTTP answer.
const WS_ONLY = new Set(['BAD_FRAME', 'NOT_SUBSCRIBED', 'UNKNOWN_TYPE']);

describe('error codes', () => {
  it('when a module makes a problem with a code, then the code is in the known set', () => {
    const unknown = new Set<string>();
    for (const file of [...sources(path.join(SRC, 'modules')), ...sources(path.join(SRC, 'platform')), ...sources(path.join(SRC, 'engine'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(CODE_SITES)) {
        const code = m[1] as string;
        if (!ERROR_CODES.has(code) && !WS_ONLY.has(code)) unknown.add(`${code} (${path.relative(SRC, file)})`);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('when a code is known, then it maps to a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) expect(statusFor(code)).toBeGreaterThanOrEqual(400);
  });
});

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { untranslated } from './untranslated.js';

const WEB = join(import.meta.dirname, '../../src/web/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('web app strings', () => {
  it('when the checker reads a component with a written-in sentence, then it names it', () => {
    const fixture = join(import.meta.dirname, 'fixtures/untranslated.fixture.tsx');
    expect(untranslated(fixture).map((f) => f.text)).toEqual([
      'Bid placed at once',
      '`You lead at ${amount}`',
      'Place your bid',
      'aria-label="Close the dialog"',
    ]);
  });

  it('when any page or component is read, then every word a person sees comes from the catalogues', () => {
    const offenders = sources(WEB).flatMap((f) => untranslated(f).map((x) => `${relative(WEB, f)}:${x.line} ${x.text}`));
    expect(offenders).toEqual([]);
    // It parses every web source file: seconds on a loaded machine.
  }, 60_000);
});

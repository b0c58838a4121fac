import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig } from '../src/config.js';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('documentation stays true', () => {
  it('when a configuration key exists, then the README table documents it', () => {
    const missing = CONFIG_KEYS.filter((k) => !readme.includes(`| \`${k}\``));
    expect(missing).toEqual([]);
  });

  it('when the README shows the quick start, then it is the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('when a setting is invalid, then loading the config names the key', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://nope' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({}).PORT).toBe(3000);
  });
});

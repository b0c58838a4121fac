import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../support/process.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server process', () => {
  it('when started with no DATABASE_URL, then it runs on an embedded PostgreSQL, serves docs, and SIGTERM exits 0 leaving no PostgreSQL behind', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gavel-life-'));
    try {
      const srv = await spawnServer({ DATABASE_URL: '', DATA_DIR: dir, SEED_DEMO: 'true', LOG_LEVEL: 'info' }, 90_000);
      const pidFile = path.join(dir, 'pg', 'postmaster.pid');
      expect(existsSync(pidFile)).toBe(true);
      const pgPid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0]!, 10);
      expect(alive(pgPid)).toBe(true);
      const doc = (await (await fetch(`${srv.base}/docs/json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auctions']));
      // Demo data is there for a newcomer.
      const cats = (await (await fetch(`${srv.base}/api/v1/categories`)).json()) as unknown[];
      expect(cats.length).toBeGreaterThan(0);
      const live = (await (await fetch(`${srv.base}/api/v1/auctions?status=active`)).json()) as { items: unknown[] };
      expect(live.items.length).toBeGreaterThan(0);
      srv.proc.kill('SIGTERM');
      const { code } = await srv.exited;
      expect(code).toBe(0);
      expect(alive(pgPid)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('when a setting is invalid, then the process refuses to start and names the key', async () => {
    await expect(spawnServer({ PORT: 'not-a-port' }, 15_000)).rejects.toThrow(/PORT/);
  });
});

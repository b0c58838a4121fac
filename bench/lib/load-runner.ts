/**
 * The load generator runs in a process of its own, so that it does not share the
 * benchmark's event loop. It gets its configuration in a file (thousands of tokens do
 * not fit in argv) and prints its result as the last line of JSON.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `bench/lib/<script>` with `cfg` and returns what it printed last. */
export async function runLoad<T>(script: string, cfg: Record<string, unknown>): Promise<T> {
  const file = path.join(tmpdir(), `gavel-${path.basename(script, '.ts')}-${process.pid}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(cfg));
  try {
    return await new Promise<T>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', path.join('bench/lib', script), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() ?? 'null') as T) : reject(new Error(`${script} exited ${code}`))));
    });
  } finally {
    await rm(file, { force: true });
  }
}

/** In a load script: the configuration `runLoad` handed over. */
export function loadConfig<T>(): T {
  return JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as T;
}

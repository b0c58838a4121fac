import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/platform/embedded-postgres.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A Gavel server running as a separate process (for crash and signal tests). */
export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  base: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `src/server.ts` under tsx with the given environment and waits for /readyz. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    // Load from tests is not throttled unless a test asks for limits (RATE_LIMIT_ENABLED), and its
    // unverified bidders' climbing amounts pass the identity threshold unless a test sets one.
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      RATE_LIMIT_ENABLED: 'false',
      VERIFY_IDENTITY_ABOVE: '0',
      RISK_BOT_BIDS_PER_SECOND: '1000000',
      RISK_NETWORK_BIDS_PER_MINUTE: '1000000000',
      // Payment screening's forced 3-D Secure for new cards likewise (tests pay with fresh cards).
      RISK_3DS_ABOVE: '1000000000000',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (Date.now() < deadline && !done) {
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) return { proc, port, base, output: () => out, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not become ready:\n${out}`);
}

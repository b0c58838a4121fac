import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Starts a server under test as its own Node process and waits until it is ready:
 * until its output contains `readyText`, or (without one) until `/readyz` on `port`
 * answers 200. Fails with the process's output if it exits or is not ready in 60 s.
 */
export function startServer(cmd: string[], env: Record<string, string>, readyText: string | null, port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, cmd, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = async () => {
      if (proc.exitCode !== null) return reject(new Error(`server exited:\n${out}`));
      const ready = readyText
        ? out.includes(readyText)
        : await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.ok,
            () => false,
          );
      if (ready) return resolve(proc);
      if (Date.now() - t0 > 60_000) return reject(new Error(`server not ready:\n${out}`));
      setTimeout(poll, 100);
    };
    void poll();
  });
}

/** Stops a server process with SIGTERM and waits for it to exit. */
export async function stopServer(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGTERM');
  await done;
}

/**
 * The environment every benchmark starts Gavel with: a production server on the given
 * database and port, quiet, without demo data and without the route rate limits (the
 * engine is measured, and every client here is one IP); `extra` adds or overrides.
 */
export function gavelServerEnv(dbUrl: string, port: number, pool: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: dbUrl,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    DB_POOL_SIZE: String(pool),
    NODE_ENV: 'production',
    // Production needs data and signing keys; throwaway ones per run (bench data is never read again).
    ...benchKeys(),
    RATE_LIMIT_ENABLED: 'false',
    // Load clients are unverified accounts whose amounts climb past the identity threshold.
    VERIFY_IDENTITY_ABOVE: '0',
    // Likewise the risk engine's velocity limits: it scores every bid, but a bench user is a script by design.
    RISK_BOT_BIDS_PER_SECOND: '1000000000',
    RISK_NETWORK_BIDS_PER_MINUTE: '1000000000',
    // The load bidders have no MFA: their rising bids would cross the step-up threshold
    // and be refused. The step-up guard still runs on every bid (a comparison).
    MFA_STEP_UP_ABOVE: '1000000000000',
    ...extra,
  };
}

// One per benchmark run, shared by its instances (they read each other's rows).
const BENCH_DATA_KEYS = `bench:${randomBytes(32).toString('base64')}`;

const BENCH_SIGNING_KEYS = `bench:${generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')}`;

/** Throwaway DATA_KEYS and SIGNING_KEYS (bid transcripts) for a benchmark's production servers. */
export function benchKeys(): { DATA_KEYS: string; SIGNING_KEYS: string } {
  return { DATA_KEYS: BENCH_DATA_KEYS, SIGNING_KEYS: BENCH_SIGNING_KEYS };
}

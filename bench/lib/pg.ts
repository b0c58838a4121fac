import postgres from 'postgres';

/**
 * A fresh database for a benchmark run on BENCH_DATABASE_URL (default: the local
 * server at 127.0.0.1:5432 as postgres), dropped at the end.
 */
export async function benchDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = `gavel_bench_${name}_${Date.now().toString(36)}`;
  const a = postgres(admin, { max: 1, onnotice: () => {} });
  await a.unsafe(`create database "${db}"`);
  await a.end();
  const u = new URL(admin);
  u.pathname = `/${db}`;
  return {
    url: u.toString(),
    async drop() {
      const b = postgres(admin, { max: 1, onnotice: () => {} });
      await b.unsafe(`drop database if exists "${db}" with (force)`);
      await b.end();
    },
  };
}

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Sql, Tx } from './db.js';

/**
 * Gavel's own logical backup, for when no `pg_dump` as new as the server is at hand
 * (the embedded PostgreSQL ships none). A gzip of plain text lines:
 *
 *   GAVEL-BACKUP 1
 *   {"migrations":[[1,"0001_identity.sql"],…],"createdAt":…,"server":"…"}
 *   TABLE {"name":"users","columns":["id",…]}
 *   <rows in COPY text format>
 *   \. <row count>
 *   …
 *   END {"sequences":[["ledger_entries_id_seq",42],…]}
 *
 * COPY text escapes every backslash in the data, so no row can begin with `\.`: the
 * end marker is unambiguous. The schema is not in the archive: a restore migrates a
 * fresh database to the recorded migration level, then loads the rows.
 */
export const ARCHIVE_MAGIC = 'GAVEL-BACKUP 1';

/** What a backup or restore moved. */
export interface ArchiveSummary {
  tables: { name: string; rows: number }[];
  migrationLevel: number;
}

interface Header {
  migrations: [number, string][];
  createdAt: string;
  server: string;
}

/** Tables of the public schema (without the migration bookkeeping), parents before children. */
export async function tablesInLoadOrder(db: Sql | Tx): Promise<string[]> {
  const tables = (
    await db<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'schema_migrations' order by c.relname`
  ).map((r) => r.name);
  const deps = await db<{ child: string; parent: string }[]>`
    select ch.relname as child, pa.relname as parent from pg_constraint k
    join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
    join pg_namespace n on n.oid = ch.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and ch.oid <> pa.oid`;
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const d of deps) parents.get(d.child)?.add(d.parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0) throw new Error('foreign keys form a cycle; cannot order the tables');
    for (const t of ready) {
      order.push(t);
      placed.add(t);
    }
  }
  return order;
}

async function columnsOf(db: Sql | Tx, table: string): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    select a.attname as name from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relname = ${table} and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by a.attnum`;
  return rows.map((r) => r.name);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function put(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes a consistent snapshot of every table to `file` (atomically: a temporary file, then rename). */
export async function writeArchive(sql: Sql, file: string): Promise<ArchiveSummary> {
  const tmp = `${file}.partial`;
  const gz = createGzip();
  const done = finished(gz.pipe(createWriteStream(tmp, { mode: 0o600 })));
  const summary: ArchiveSummary = { tables: [], migrationLevel: 0 };
  // One snapshot for all tables: the archive is what one moment of the database held.
  await sql.begin('isolation level repeatable read read only', async (tx) => {
    const migrations = (await tx<{ version: number; name: string }[]>`select version, name from schema_migrations order by version`).map(
      (m) => [m.version, m.name] as [number, string],
    );
    summary.migrationLevel = migrations.at(-1)?.[0] ?? 0;
    const [v] = await tx<{ v: string }[]>`select version() as v`;
    const header: Header = { migrations, createdAt: new Date().toISOString(), server: v!.v };
    await put(gz, `${ARCHIVE_MAGIC}\n${JSON.stringify(header)}\n`);
    for (const name of await tablesInLoadOrder(tx)) {
      const columns = await columnsOf(tx, name);
      await put(gz, `TABLE ${JSON.stringify({ name, columns })}\n`);
      const stream = await tx.unsafe(`copy ${ident(name)} (${columns.map(ident).join(', ')}) to stdout`).readable();
      let rows = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (const byte of chunk) if (byte === 10) rows++;
        await put(gz, chunk);
      }
      await put(gz, `\\. ${rows}\n`);
      summary.tables.push({ name, rows });
    }
    const seqs = await tx<{ name: string; value: number | null }[]>`
      select sequencename as name, last_value as value from pg_sequences where schemaname = 'public' order by 1`;
    await put(gz, `END ${JSON.stringify({ sequences: seqs.map((s) => [s.name, s.value === null ? null : Number(s.value)]) })}\n`);
  });
  gz.end();
  await done;
  await rename(tmp, file);
  return summary;
}

/** Reads the archive's migration list without loading anything. */
export async function readArchiveHeader(file: string): Promise<Header> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  try {
    const magic = await it.next();
    if (magic.value !== ARCHIVE_MAGIC) throw new Error('not a Gavel backup (or of an unknown version)');
    return JSON.parse((await it.next()).value as string) as Header;
  } finally {
    lines.close();
  }
}

// Tables whose triggers refuse TRUNCATE (the append-only audit log): a restore empties
// them with the guard lifted inside its own transaction, then loads the archive's rows
// as they were (their hash chain intact).
const APPEND_ONLY: Record<string, string> = { audit_log: 'audit_log_no_truncate' };

async function truncateAll(tx: Tx, tables: string[]): Promise<void> {
  const guarded = tables.filter((t) => APPEND_ONLY[t]);
  for (const t of guarded) await tx.unsafe(`alter table ${ident(t)} disable trigger ${ident(APPEND_ONLY[t] as string)}`);
  await tx.unsafe(`truncate ${tables.map(ident).join(', ')} restart identity cascade`);
  for (const t of guarded) await tx.unsafe(`alter table ${ident(t)} enable trigger ${ident(APPEND_ONLY[t] as string)}`);
}

/**
 * Loads an archive into a database already migrated to the archive's level, in ONE
 * transaction: rows put there by migrations are replaced, every table is loaded in
 * dependency order, row counts are checked, sequences are set. All or nothing.
 */
export async function loadArchive(sql: Sql, file: string): Promise<ArchiveSummary> {
  const header = await readArchiveHeader(file);
  const summary: ArchiveSummary = { tables: [], migrationLevel: header.migrations.at(-1)?.[0] ?? 0 };
  await sql.begin(async (tx) => {
    const tables = await tablesInLoadOrder(tx);
    if (tables.length > 0) await truncateAll(tx, tables);
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let n = 0;
    let table: { name: string; out: Writable; rows: number; buffered: string } | null = null;
    let ended = false;
    for await (const line of lines) {
      n++;
      if (n <= 2) continue;
      if (table) {
        if (line.startsWith('\\. ')) {
          if (table.buffered) await put(table.out, table.buffered);
          table.out.end();
          await finished(table.out);
          const expected = Number(line.slice(3));
          if (expected !== table.rows) throw new Error(`table ${table.name}: ${table.rows} rows read, the archive says ${expected}`);
          summary.tables.push({ name: table.name, rows: table.rows });
          table = null;
          continue;
        }
        table.rows++;
        table.buffered += `${line}\n`;
        if (table.buffered.length >= 65_536) {
          await put(table.out, table.buffered);
          table.buffered = '';
        }
      } else if (line.startsWith('TABLE ')) {
        const t = JSON.parse(line.slice(6)) as { name: string; columns: string[] };
        if (!tables.includes(t.name)) throw new Error(`table ${t.name} of the archive does not exist at this migration level`);
        const out = await tx.unsafe(`copy ${ident(t.name)} (${t.columns.map(ident).join(', ')}) from stdin`).writable();
        table = { name: t.name, out, rows: 0, buffered: '' };
      } else if (line.startsWith('END ')) {
        await setSequences(tx, (JSON.parse(line.slice(4)) as { sequences: [string, number | null][] }).sequences);
        ended = true;
      } else if (line !== '') throw new Error(`unexpected line ${n} in the archive`);
    }
    if (!ended) throw new Error('the archive is truncated (no END line)');
  });
  return summary;
}

async function setSequences(tx: Tx, sequences: [string, number | null][]): Promise<void> {
  for (const [name, value] of sequences) {
    // Never called: the next value is the start again.
    if (value === null) await tx`select setval(${ident(name)}::regclass, 1, false)`;
    else await tx`select setval(${ident(name)}::regclass, ${value}, true)`;
  }
}

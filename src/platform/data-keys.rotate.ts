import type { DataKeys } from './data-keys.js';
import type { Sql } from './db.js';
import { resealed } from './sealed-fields.js';

/**
 * Where sealed values live, for `gavel rotate-data-keys`: text columns of a table, or
 * string fields inside one jsonb column. Rows are keyed by a uuid `id`. Each module
 * that seals data exports its targets.
 */
export type SealedTarget = { table: string; columns: readonly string[] } | { table: string; json: string; fields: readonly string[] };

/** How many values of one target were moved to the newest key. */
export interface RotationCount {
  target: string;
  rows: number;
  values: number;
}

const nameOf = (t: SealedTarget) => ('json' in t ? `${t.table}.${t.json}` : t.table);

/**
 * Moves every sealed value to the newest key (rewrapped: the ciphertext stays) and seals
 * values still plain. Pages by id, each page in its own transaction with its rows locked,
 * so a concurrent write is never lost; running it again changes nothing.
 */
export async function rotateSealed(sql: Sql, keys: DataKeys, targets: readonly SealedTarget[], pageSize = 200): Promise<RotationCount[]> {
  const out: RotationCount[] = [];
  for (const t of targets) {
    const count = { target: nameOf(t), rows: 0, values: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await sql.begin((tx) => rotatePage(tx as unknown as Sql, keys, t, after, pageSize, count));
      if (!page) break;
      after = page;
    }
    out.push(count);
  }
  return out;
}

/** One page of a target; answers the last id seen, or null at the end. */
async function rotatePage(tx: Sql, keys: DataKeys, t: SealedTarget, after: string, limit: number, count: RotationCount): Promise<string | null> {
  const cols = 'json' in t ? [t.json] : [...t.columns];
  const rows = await tx<Record<string, unknown>[]>`
    select ${tx(['id', ...cols])} from ${tx(t.table)} where id > ${after}::uuid order by id limit ${limit} for update`;
  for (const r of rows) {
    let values: Record<string, unknown> | null;
    if ('json' in t) {
      const obj = jsonChange(keys, r[t.json], t.fields, count);
      values = obj ? { [t.json]: tx.json(obj as never) } : null;
    } else values = columnChange(keys, r, t.columns, count);
    if (!values) continue;
    await tx`update ${tx(t.table)} set ${tx(values as Record<string, string>)} where id = ${r.id as string}`;
    count.rows++;
  }
  return rows.length === limit ? (rows[rows.length - 1]?.id as string) : null;
}

function columnChange(keys: DataKeys, r: Record<string, unknown>, columns: readonly string[], count: RotationCount) {
  const set: Record<string, string> = {};
  for (const c of columns) {
    const next = resealed(keys, r[c]);
    if (next !== null) set[c] = next;
  }
  count.values += Object.keys(set).length;
  return Object.keys(set).length > 0 ? set : null;
}

function jsonChange(keys: DataKeys, v: unknown, fields: readonly string[], count: RotationCount) {
  if (!v || typeof v !== 'object') return null;
  const obj = { ...(v as Record<string, unknown>) };
  let n = 0;
  for (const f of fields) {
    const next = resealed(keys, obj[f]);
    if (next !== null) {
      obj[f] = next;
      n++;
    }
  }
  count.values += n;
  return n > 0 ? obj : null;
}

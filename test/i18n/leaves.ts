/** A catalogue as nested keys with text leaves. */
export type Tree = { [k: string]: string | Tree };

/** "a.b.c" -> the leaf, for every leaf. */
export function leaves(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * pg_trgm's word_similarity in memory (trgm_op.c: generate_trgm_only, calc_word_similarity,
 * iterate_word_similarity), so a typo search finds and ranks titles as `lower(title) %> typed`
 * and `word_similarity(typed, lower(title))` do. Trigrams are compared as strings of three
 * characters (pg_trgm hashes those of multibyte characters; equal trigrams stay equal).
 */

const f = Math.fround;
const WORD = /[\p{L}\p{N}]+/gu;

/** The trigrams of a text in order: each word lower-cased, padded with two spaces before and one after. */
export function trigrams(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const chars = [' ', ' ', ...m[0], ' '];
    for (let i = 0; i + 2 < chars.length; i++) out.push((chars[i] as string) + chars[i + 1] + chars[i + 2]);
  }
  return out;
}

/** A typed text prepared once: its distinct trigrams. */
export interface TypedTrigrams {
  ids: Map<string, number>;
}

export function typedTrigrams(typed: string): TypedTrigrams {
  const ids = new Map<string, number>();
  for (const t of trigrams(typed)) if (!ids.has(t)) ids.set(t, ids.size);
  return { ids };
}

const sml = (count: number, len1: number, len2: number) => f(f(count) / f(len1 + len2 - count));

/** word_similarity(typed, text) as float4: the best similarity of the typed trigrams to any run of the text's trigrams. */
export function wordSimilarity(typed: TypedTrigrams, textTrigrams: readonly string[]): number {
  const ulen1 = typed.ids.size;
  const len2 = textTrigrams.length;
  // Index each distinct trigram: the typed ones first (found), then the text's others.
  const local = new Map<string, number>(typed.ids);
  const idx = new Int32Array(len2);
  for (let i = 0; i < len2; i++) {
    const t = textTrigrams[i] as string;
    let k = local.get(t);
    if (k === undefined) {
      k = local.size;
      local.set(t, k);
    }
    idx[i] = k;
  }
  const found = (k: number) => k < ulen1;
  const lastpos = new Int32Array(local.size).fill(-1);
  let ulen2 = 0;
  let count = 0;
  let upper = -1;
  let lower = -1;
  let max = 0;
  for (let i = 0; i < len2; i++) {
    const k = idx[i] as number;
    if (lower >= 0 || found(k)) {
      if ((lastpos[k] as number) < 0) {
        ulen2++;
        if (found(k)) count++;
      }
      lastpos[k] = i;
    }
    if (!found(k)) continue;
    upper = i;
    if (lower === -1) {
      lower = i;
      ulen2 = 1;
    }
    let cur = sml(count, ulen1, ulen2);
    let tmpCount = count;
    let tmpUlen2 = ulen2;
    const prevLower = lower;
    for (let tl = lower; tl <= upper; tl++) {
      const s = sml(tmpCount, ulen1, tmpUlen2);
      if (s > cur) {
        cur = s;
        ulen2 = tmpUlen2;
        lower = tl;
        count = tmpCount;
      }
      const tk = idx[tl] as number;
      if (lastpos[tk] === tl) {
        tmpUlen2--;
        if (found(tk)) tmpCount--;
      }
    }
    max = Math.max(max, cur);
    for (let tl = prevLower; tl < lower; tl++) {
      const tk = idx[tl] as number;
      if (lastpos[tk] === tl) lastpos[tk] = -1;
    }
  }
  return max;
}

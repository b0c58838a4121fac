/**
 * Full-text matching and ranking in memory, exactly as PostgreSQL does it: documents are
 * the stored `search_tsv` in its text form (lexemes, positions, weights as PostgreSQL made
 * them) and queries the text of the tsquery PostgreSQL built, so no word is stemmed here.
 * `matches` follows TS_execute (with phrases as TS_phrase_execute) and `tsRank` ports
 * ts_rank's default formula (tsrank.c: calc_rank_or / calc_rank_and) in float4 steps.
 */

/**
 * A parsed tsvector: lexemes in PostgreSQL's (byte) order; `pos` holds lex.length + 1 offsets,
 * then the positions of lexeme i at pos[pos[i]] .. pos[pos[i + 1]] - 1 as WordEntryPos
 * (weight << 14 | position). One typed array per document: 100,000 documents of some 25
 * lexemes each would otherwise be millions of small arrays.
 */
export interface TsDoc {
  lex: string[];
  pos: Uint16Array;
}

/** The positions of the document's k-th lexeme. */
export const positionsOf = (doc: TsDoc, k: number): Uint16Array => doc.pos.subarray(doc.pos[k], doc.pos[k + 1]);

/** A parsed tsquery node. */
export type TsNode =
  | { op: 'val'; lex: string; prefix: boolean }
  | { op: 'not'; arg: TsNode }
  | { op: 'and' | 'or'; left: TsNode; right: TsNode }
  | { op: 'phrase'; distance: number; left: TsNode; right: TsNode };

/** A query shape the evaluator does not follow exactly (the caller asks SQL instead). */
export class UnsupportedQuery extends Error {}

const MAXENTRYPOS = 1 << 14;

/** Byte-order compare as tsCompareString (UTF-16 order equals UTF-8 byte order outside surrogates). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reads a quoted lexeme at `i` (`'it''s'`, backslash escapes); returns it and the index after it. */
function quoted(s: string, i: number): [string, number] {
  let out = '';
  let j = i + 1;
  for (;;) {
    const c = s[j];
    if (c === undefined) throw new Error('unterminated lexeme');
    if (c === '\\') {
      out += s[j + 1] ?? '';
      j += 2;
    } else if (c === "'") {
      if (s[j + 1] === "'") {
        out += "'";
        j += 2;
      } else return [out, j + 1];
    } else {
      out += c;
      j++;
    }
  }
}

const QUOTE = 39;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;

/** Parses `search_tsv::text`: `'lexeme':1A,5 'other':3B` (a scan by character codes: this runs for every row loaded). */
export function parseTsvector(text: string, intern: (lex: string) => string = (x) => x): TsDoc {
  const lex: string[] = [];
  const ends: number[] = [];
  const ps: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) !== QUOTE) {
      i++;
      continue;
    }
    let j = i + 1;
    let word = '';
    let from = j;
    for (;;) {
      const c = text.charCodeAt(j);
      if (Number.isNaN(c)) throw new Error('unterminated lexeme');
      if (c === BACKSLASH) {
        word += text.slice(from, j) + text.charAt(j + 1);
        j += 2;
        from = j;
      } else if (c === QUOTE) {
        if (text.charCodeAt(j + 1) === QUOTE) {
          word += `${text.slice(from, j)}'`;
          j += 2;
          from = j;
        } else break;
      } else j++;
    }
    word += text.slice(from, j);
    i = j + 1;
    if (text.charCodeAt(i) === COLON) {
      i++;
      for (;;) {
        let p = 0;
        let c = text.charCodeAt(i);
        while (c >= 48 && c <= 57) {
          p = p * 10 + (c - 48);
          c = text.charCodeAt(++i);
        }
        if (c >= 65 && c <= 68) {
          p |= (68 - c) << 14; // A 3, B 2, C 1, D 0
          c = text.charCodeAt(++i);
        }
        ps.push(p);
        if (c !== COMMA) break;
        i++;
      }
    }
    lex.push(intern(word));
    ends.push(ps.length);
  }
  const pos = new Uint16Array(lex.length + 1 + ps.length);
  const base = lex.length + 1;
  pos[0] = base;
  for (let k = 0; k < ends.length; k++) pos[k + 1] = base + (ends[k] as number);
  pos.set(ps, base);
  return { lex, pos };
}

/** Parses a tsquery's text form (`'a' & !( 'b' <-> 'c' ) | 'd':*`): ! binds tightest, then <N>, &, |. */
export function parseTsquery(text: string): TsNode | null {
  let i = 0;
  const skip = () => {
    while (text[i] === ' ') i++;
  };
  const primary = (): TsNode => {
    skip();
    const c = text[i];
    if (c === '!') {
      i++;
      return { op: 'not', arg: primary() };
    }
    if (c === '(') {
      i++;
      const n = or();
      skip();
      if (text[i] !== ')') throw new Error('expected )');
      i++;
      return n;
    }
    if (c !== "'") throw new Error(`unexpected ${c ?? 'end'} in tsquery`);
    const [lex, next] = quoted(text, i);
    i = next;
    let prefix = false;
    if (text[i] === ':') {
      const m = /^:[*A-D]+/.exec(text.slice(i)) as RegExpExecArray;
      if (/[A-D]/.test(m[0])) throw new UnsupportedQuery('weighted query operand');
      prefix = m[0].includes('*');
      i += m[0].length;
    }
    return { op: 'val', lex, prefix };
  };
  const phrase = (): TsNode => {
    let left = primary();
    for (;;) {
      skip();
      const m = /^<(-|\d+)>/.exec(text.slice(i, i + 8));
      if (!m) return left;
      i += m[0].length;
      left = { op: 'phrase', distance: m[1] === '-' ? 1 : Number(m[1]), left, right: primary() };
    }
  };
  const and = (): TsNode => {
    let left = phrase();
    for (;;) {
      skip();
      if (text[i] !== '&') return left;
      i++;
      left = { op: 'and', left, right: phrase() };
    }
  };
  const or = (): TsNode => {
    let left = and();
    for (;;) {
      skip();
      if (text[i] !== '|') return left;
      i++;
      left = { op: 'or', left, right: and() };
    }
  };
  skip();
  if (i >= text.length) return null;
  const n = or();
  skip();
  if (i < text.length) throw new Error('trailing tsquery text');
  return n;
}

/** The index range [from, to) of the document's lexemes an operand names (every one with the prefix for `:*`). */
export function findEntries(doc: TsDoc, v: { lex: string; prefix: boolean }): [number, number] {
  let lo = 0;
  let hi = doc.lex.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(doc.lex[mid] as string, v.lex) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (!v.prefix) return doc.lex[lo] === v.lex ? [lo, lo + 1] : [lo, lo];
  let to = lo;
  while (to < doc.lex.length && (doc.lex[to] as string).startsWith(v.lex)) to++;
  return [lo, to];
}

/** Match positions of a phrase operand (end positions) with its width, or NO; `negate`: matches everywhere but these. */
interface PhraseData {
  pos: number[];
  negate: boolean;
  width: number;
}

function phraseVal(doc: TsDoc, v: { lex: string; prefix: boolean }): PhraseData | null {
  const [from, to] = findEntries(doc, v);
  if (from === to) return null;
  const set = new Set<number>();
  for (let k = from; k < to; k++) for (const p of positionsOf(doc, k)) set.add(p & (MAXENTRYPOS - 1));
  return { pos: [...set].sort((a, b) => a - b), negate: false, width: 0 };
}

/** TS_phrase_execute for operands and nested phrases (what websearch_to_tsquery makes of quotes). */
function phraseExec(doc: TsDoc, n: TsNode): PhraseData | null {
  switch (n.op) {
    case 'val':
      return phraseVal(doc, n);
    case 'phrase': {
      const l = phraseExec(doc, n.left);
      if (!l) return null;
      const r = phraseExec(doc, n.right);
      if (!r) return null;
      if (l.negate || r.negate) throw new UnsupportedQuery('negation inside a phrase');
      // A right match at p follows a left match ending at p - distance - right width.
      const lset = new Set(l.pos);
      const out = r.pos.filter((p) => lset.has(p - n.distance - r.width));
      return out.length > 0 ? { pos: out, negate: false, width: n.distance + l.width + r.width } : null;
    }
    case 'not':
    case 'and':
    case 'or':
      throw new UnsupportedQuery(`${n.op} inside a phrase`);
    default: {
      const never: never = n;
      return never;
    }
  }
}

/** Whether the document matches the query (TS_execute). */
export function matches(doc: TsDoc, n: TsNode): boolean {
  switch (n.op) {
    case 'val': {
      const [from, to] = findEntries(doc, n);
      return to > from;
    }
    case 'not':
      return !matches(doc, n.arg);
    case 'and':
      return matches(doc, n.left) && matches(doc, n.right);
    case 'or':
      return matches(doc, n.left) || matches(doc, n.right);
    case 'phrase':
      return phraseExec(doc, n) !== null;
    default: {
      const never: never = n;
      return never;
    }
  }
}

/** Throws UnsupportedQuery when a phrase holds something other than operands and phrases. */
export function checkSupported(n: TsNode, inPhrase = false): void {
  switch (n.op) {
    case 'val':
      return;
    case 'not':
    case 'and':
    case 'or':
      if (inPhrase) throw new UnsupportedQuery(`${n.op} inside a phrase`);
      if (n.op === 'not') checkSupported(n.arg, false);
      else {
        checkSupported(n.left, false);
        checkSupported(n.right, false);
      }
      return;
    case 'phrase':
      checkSupported(n.left, true);
      checkSupported(n.right, true);
      return;
    default: {
      const never: never = n;
      return never;
    }
  }
}

type Operand = { lex: string; prefix: boolean };

/**
 * The operands as SortAndUniqItems sees them: in storage order (an operator, then its right
 * operand, then its left), sorted by lexeme (stable, as PostgreSQL's insertion sort is for
 * the few operands a search has), duplicates dropped by lexeme alone (the first one stays).
 */
export function rankItems(n: TsNode): Operand[] {
  const all: Operand[] = [];
  const walk = (x: TsNode): void => {
    if (x.op === 'val') all.push(x);
    else if (x.op === 'not') walk(x.arg);
    else {
      walk(x.right);
      walk(x.left);
    }
  };
  walk(n);
  all.sort((a, b) => cmp(a.lex, b.lex));
  return all.filter((x, i) => i === 0 || (all[i - 1] as Operand).lex !== x.lex);
}

const f = Math.fround;
/** ts_rank's default weights as float4: D, C, B, A. */
const W = [f(0.1), f(0.2), f(0.4), f(1.0)];
const wpos = (e: number) => W[e >> 14] as number;
const getpos = (e: number) => e & (MAXENTRYPOS - 1);

function wordDistance(w: number): number {
  if (w > 100) return f(1e-30);
  return f(1.0 / (1.005 + 0.05 * Math.exp(f(w) / 1.5 - 2)));
}

function rankOr(doc: TsDoc, items: Operand[]): number {
  let res = 0;
  for (const it of items) {
    const [from, to] = findEntries(doc, it);
    for (let e = from; e < to; e++) {
      const post = positionsOf(doc, e);
      let resj = 0;
      let wjm = -1;
      let jm = 0;
      for (let j = 0; j < post.length; j++) {
        const w = wpos(post[j] as number);
        resj = f(resj + f(w / ((j + 1) * (j + 1))));
        if (w > wjm) {
          wjm = w;
          jm = j;
        }
      }
      res = f(res + f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1)))) / 1.64493406685);
    }
  }
  return items.length > 0 ? f(res / items.length) : res;
}

function rankAnd(doc: TsDoc, items: Operand[]): number {
  if (items.length < 2) return rankOr(doc, items);
  const pos: (Uint16Array | null)[] = items.map(() => null);
  let res = -1;
  for (let i = 0; i < items.length; i++) {
    const [from, to] = findEntries(doc, items[i] as Operand);
    for (let e = from; e < to; e++) {
      const post = positionsOf(doc, e);
      pos[i] = post;
      for (let k = 0; k < i; k++) {
        const ct = pos[k];
        if (!ct) continue;
        for (let l = 0; l < post.length; l++) {
          for (let p = 0; p < ct.length; p++) {
            const dist = Math.abs(getpos(post[l] as number) - getpos(ct[p] as number));
            if (dist === 0) continue; // every stored lexeme has positions
            const curw = f(Math.sqrt(f(f(wpos(post[l] as number) * wpos(ct[p] as number)) * wordDistance(dist))));
            res = res < 0 ? curw : f(1.0 - (1.0 - res) * (1.0 - curw));
          }
        }
      }
    }
  }
  return res;
}

/** ts_rank(doc, query) with the default weights and no normalization, as float4. */
export function tsRank(doc: TsDoc, query: TsNode, items: Operand[]): number {
  if (doc.lex.length === 0) return 0;
  const res = query.op === 'and' || query.op === 'phrase' ? rankAnd(doc, items) : rankOr(doc, items);
  return res < 0 ? f(1e-20) : res;
}

/** A decimal string rounded half away from zero to `scale` places (numeric's round), as text with that many places. */
export function roundDecimal(text: string, scale: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const neg = m[1] === '-';
  let digits = (m[2] as string) + (m[3] ?? '');
  let point = (m[2] as string).length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  digits = digits.padEnd(point + scale + 1, '0');
  const keep = BigInt(digits.slice(0, point + scale) || '0') + (Number(digits[point + scale]) >= 5 ? 1n : 0n);
  const s = keep.toString().padStart(scale + 1, '0');
  const out = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  return neg && keep !== 0n ? `-${out}` : out;
}

/** `round(float4::numeric, 6)`: float4 reaches numeric through its 6 significant digits (FLT_DIG). */
export const roundFloat4 = (x: number): string => roundDecimal(x.toPrecision(6), 6);
/** `round(float8::numeric, 6)`: float8 reaches numeric through 15 significant digits (DBL_DIG). */
export const roundFloat8 = (x: number): string => roundDecimal(x.toPrecision(15), 6);

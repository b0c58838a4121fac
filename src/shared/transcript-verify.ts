/**
 * Verifies a bid transcript with WebCrypto only (SHA-256 digests, Ed25519
 * `crypto.subtle.verify`), so the CLI (Node) and the web app (the browser) run this
 * same code and must agree. Checks, in order: the terms, the hash chain, the batch
 * signatures against the published keys, the revealed commitments, and the result.
 */
import type { KeySetView, TranscriptView } from './api/transcripts.js';
import { commitPreimage, eventPreimage, signaturePreimage, type TranscriptEvent, termsPreimage } from './transcript-form.js';
import { expectedResult } from './transcript-result.js';

export type CheckName = 'terms' | 'chain' | 'signatures' | 'commitments' | 'result';

/** One check's verdict; `seq` names the event where it broke. */
export interface Check {
  name: CheckName;
  ok: boolean;
  /** Not run (e.g. the result of an auction still open): neither passed nor failed. */
  skipped?: boolean;
  detail: string;
  seq?: number;
}

export interface VerifyReport {
  ok: boolean;
  checks: Check[];
}

const utf8 = (s: string) => new TextEncoder().encode(s);

async function sha256hex(s: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(s)));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Runs every check; `ok` only when none failed. */
export async function verifyTranscript(t: TranscriptView, keys: KeySetView): Promise<VerifyReport> {
  const checks: Check[] = [];
  if (!t.chained || t.terms === null) {
    checks.push({ name: 'chain', ok: false, detail: 'This auction began before events were chained: there is nothing to verify' });
    return { ok: false, checks };
  }
  checks.push(t.terms.auctionId === t.auctionId ? { name: 'terms', ok: true, detail: 'The terms belong to this auction' } : { name: 'terms', ok: false, detail: 'The terms name another auction' });
  const chain = await checkChain(t);
  checks.push(chain);
  checks.push(await checkSignatures(t, keys));
  checks.push(await checkCommitments(t));
  checks.push(checkResult(t));
  return { ok: checks.every((c) => c.ok || c.skipped), checks };
}

/** Every event follows the previous one (seq without gaps, `prev` = the previous hash) and hashes to its `hash`. */
async function checkChain(t: TranscriptView): Promise<Check> {
  let head = await sha256hex(termsPreimage(t.terms!));
  for (const [i, e] of t.entries.entries()) {
    const seq = i + 1;
    if (e.event.seq !== seq) return { name: 'chain', ok: false, seq, detail: `Event ${seq} is missing (the next one is ${e.event.seq})` };
    if (e.prev !== head) return { name: 'chain', ok: false, seq, detail: `Event ${seq} does not follow the previous event's hash` };
    const hash = await sha256hex(eventPreimage(head, e.event as TranscriptEvent));
    if (hash !== e.hash) return { name: 'chain', ok: false, seq, detail: `Event ${seq} was changed: its content does not match its hash` };
    head = hash;
  }
  return { name: 'chain', ok: true, detail: `${t.entries.length} events form an unbroken chain from the terms` };
}

/**
 * Each signature verifies with its published key, every head it signs for this auction
 * is the hash the transcript holds at that seq, and the last event is signed: with the
 * chain, that covers every earlier event too.
 */
async function checkSignatures(t: TranscriptView, keys: KeySetView): Promise<Check> {
  const fail = (detail: string, seq?: number): Check => ({ name: 'signatures', ok: false, detail, ...(seq !== undefined ? { seq } : {}) });
  const imported = new Map<string, Awaited<ReturnType<typeof crypto.subtle.importKey>>>();
  for (const k of keys.keys) {
    imported.set(k.kid, await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: k.x }, { name: 'Ed25519' }, false, ['verify']));
  }
  const hashAt = new Map(t.entries.map((e) => [e.event.seq, e.hash]));
  let lastSigned = false;
  const last = t.entries[t.entries.length - 1];
  for (const s of t.signatures) {
    const key = imported.get(s.kid);
    if (!key) return fail(`Key ${s.kid} is not published`);
    const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64url(s.signature), utf8(signaturePreimage(s.kid, s.signedAt, s.heads)));
    if (!valid) return fail(`The signature of ${new Date(s.signedAt).toISOString()} (key ${s.kid}) is not valid`);
    for (const h of s.heads) {
      if (h.auctionId !== t.auctionId) continue;
      if (!hashAt.has(h.seq)) return fail(`A signature covers event ${h.seq}, which the transcript lacks`, h.seq);
      if (hashAt.get(h.seq) !== h.hash) return fail(`Event ${h.seq} is not the event that was signed`, h.seq);
      if (last && h.seq === last.event.seq) lastSigned = true;
    }
  }
  if (last && !lastSigned) return fail(`The last event (${last.event.seq}) is not covered by a signature`, last.event.seq);
  const kids = [...new Set(t.signatures.map((s) => s.kid))].join(', ');
  return { name: 'signatures', ok: true, detail: `${t.signatures.length} batch signatures verify${kids ? ` (keys ${kids})` : ''}, the last event is signed` };
}

/** Revealed maxima and reserves match what the events committed to. */
async function checkCommitments(t: TranscriptView): Promise<Check> {
  const revealed = t.entries.filter((e) => e.reveal !== null);
  if (revealed.length === 0 && t.termsReveal === null) {
    return { name: 'commitments', ok: true, skipped: true, detail: 'Nothing revealed yet: maxima and the reserve are revealed when the auction closes' };
  }
  if (t.termsReveal && (await sha256hex(commitPreimage(t.termsReveal.salt, t.termsReveal.value))) !== t.terms!.reserveCommit) {
    return { name: 'commitments', ok: false, detail: 'The revealed reserve does not match the terms' };
  }
  for (const e of revealed) {
    const ev = e.event;
    const committed = ev.type === 'bid_placed' ? ev.maxCommit : ev.reserveCommit;
    if ((await sha256hex(commitPreimage(e.reveal!.salt, e.reveal!.value))) !== committed) {
      return { name: 'commitments', ok: false, seq: ev.seq, detail: `The revealed value of event ${ev.seq} does not match its commitment` };
    }
  }
  return { name: 'commitments', ok: true, detail: `${revealed.length + (t.termsReveal ? 1 : 0)} revealed values match their commitments` };
}

/** The close event names the winner and price the proxy rules give for the revealed bids. */
function checkResult(t: TranscriptView): Check {
  // The result stands as the close event says, or as the last void after close re-determined it.
  const closedAt = t.entries.findIndex((e) => e.event.type === 'closed');
  const redetermined = t.entries.slice(closedAt + 1).filter((e) => e.event.type === 'bids_voided' && e.event.outcome !== undefined);
  const closed = closedAt < 0 ? undefined : (redetermined[redetermined.length - 1] ?? t.entries[closedAt])?.event;
  if (!closed) return { name: 'result', ok: true, skipped: true, detail: 'The auction has not closed: no result to check' };
  const expected = expectedResult(t);
  if (expected === null) return { name: 'result', ok: true, skipped: true, detail: 'The bidders’ maxima are not revealed: the result cannot be recomputed' };
  const same = closed.outcome === expected.outcome && (closed.winner ?? null) === expected.winner && (closed.price ?? null) === expected.price;
  const says = `${expected.outcome}${expected.winner ? ` to ${expected.winner} at ${expected.price}` : ''}`;
  return same
    ? { name: 'result', ok: true, seq: closed.seq, detail: `The bids give ${says}, as the close event says` }
    : { name: 'result', ok: false, seq: closed.seq, detail: `The bids give ${says}, but the close event says ${closed.outcome}${closed.winner ? ` to ${closed.winner} at ${closed.price}` : ''}` };
}

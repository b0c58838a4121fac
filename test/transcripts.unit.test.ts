import { describe, expect, it } from 'vitest';
import { Aliases } from '../src/modules/auctions/auction.presenter.js';
import { CommitSalts, linkHash, revealOf, termsHash, transcriptEvent, transcriptTerms } from '../src/modules/auctions/auction.transcript.js';
import { apply, auction, bid, HOUR, T0 } from '../src/modules/auctions/domain/auction.fixtures.js';
import { closeResult } from '../src/modules/auctions/domain/auction.close.js';
import type { AuctionCommand, AuctionEvent, AuctionState, CreateAuctionInput } from '../src/modules/auctions/domain/auction.types.js';
import { signingKeyFromSeed, SigningKeys } from '../src/platform/signing-keys.js';
import type { TranscriptView } from '../src/shared/api/transcripts.js';
import { canonicalJson, signaturePreimage } from '../src/shared/transcript-form.js';
import { expectedResult } from '../src/shared/transcript-result.js';
import { verifyTranscript } from '../src/shared/transcript-verify.js';

const keys = SigningKeys.from(signingKeyFromSeed('unit-1', Buffer.alloc(32, 9)));
const k = { aliases: new Aliases('unit-secret'), salts: new CommitSalts('unit-secret') };

/**
 * Runs commands through the real domain and builds the transcript the server would
 * serve: each event linked as the engine links it, one signature over the final head.
 */
function transcriptOf(listing: Partial<CreateAuctionInput>, steps: [AuctionCommand, number][]): { tr: TranscriptView; state: AuctionState } {
  let state = auction(listing);
  const terms = transcriptTerms(state, k);
  let head = termsHash(terms);
  const entries: TranscriptView['entries'] = [];
  const all: AuctionEvent[] = [];
  for (const [command, now] of steps) {
    const before = state;
    const out = apply(state, command, now);
    for (const e of out.events) {
      const hash = linkHash(state.id, head, e, before, k);
      entries.push({ event: transcriptEvent(state.id, e, before, k) as never, prev: head, hash, reveal: null });
      head = hash;
      all.push(e);
    }
    state = out.state;
  }
  const closed = state.status === 'closed';
  entries.forEach((en, i) => (en.reveal = closed ? revealOf(state.id, all[i]!, k.salts) : null));
  const last = all[all.length - 1]!;
  const heads = [{ auctionId: state.id, seq: last.seq, hash: head }];
  const signedAt = T0 + 48 * HOUR;
  const signature = keys.sign(signaturePreimage(keys.activeKid, signedAt, heads)).signature;
  const tr: TranscriptView = {
    auctionId: state.id,
    status: state.status,
    chained: true,
    terms,
    termsReveal: closed && terms.reserveCommit ? { value: state.reservePrice, salt: k.salts.of(state.id, 0) } : null,
    entries,
    signatures: [{ kid: keys.activeKid, signedAt, heads, signature }],
    keysUrl: '/.well-known/gavel-keys',
  };
  return { tr, state };
}

const close = (at = T0 + 25 * HOUR): [AuctionCommand, number] => [{ type: 'close' }, at];
const at = (h: number) => T0 + h * 60_000;

describe('transcript canonical form', () => {
  it('when objects are serialised, then keys are sorted at every depth, undefined members are left out and arrays keep their order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe('{"a":{"d":[3,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('when a value is not plain data, then it is refused', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(/plain data/);
  });

  it('when an event is put in transcript form, then it names bidders by alias only and commits to the maximum', () => {
    const { tr } = transcriptOf({}, [[bid('alice-id', 5000, 'bid-1'), at(1)]]);
    const text = JSON.stringify(tr);
    expect(text).not.toContain('alice-id');
    const ev = tr.entries.find((e) => e.event.type === 'bid_placed')!.event;
    expect(ev.bidder).toMatch(/^bidder-[0-9a-f]{6}$/);
    expect(ev.maxCommit).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toContain('"5000"');
  });
});

describe('transcript chain and verifier', () => {
  it('when a closed English auction is verified, then every check passes and the result is the proxy price', async () => {
    const { tr, state } = transcriptOf({ reservePrice: 3000 }, [
      [bid('alice', 2000), at(1)],
      [bid('bob', 5000), at(2)],
      [bid('alice', 4000), at(3)],
      close(),
    ]);
    const report = await verifyTranscript(tr, { keys: keys.published() });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(state.result).toMatchObject({ outcome: 'sold', price: 4100 });
  });

  it('when an event is altered, reordered or dropped, then the chain check fails at that event', async () => {
    const steps: [AuctionCommand, number][] = [[bid('alice', 2000), at(1)], [bid('bob', 3000), at(2)], close()];
    const pub = { keys: keys.published() };
    const altered = transcriptOf({}, steps).tr;
    (altered.entries[2]!.event as { amount: number }).amount = 2500;
    expect((await verifyTranscript(altered, pub)).checks.find((c) => c.name === 'chain')).toMatchObject({ ok: false, seq: 3 });
    const dropped = transcriptOf({}, steps).tr;
    dropped.entries.splice(1, 1);
    expect((await verifyTranscript(dropped, pub)).checks.find((c) => c.name === 'chain')).toMatchObject({ ok: false, seq: 2 });
  });

  it('when the signature or the key does not match, then the signature check fails', async () => {
    const { tr } = transcriptOf({}, [[bid('alice', 2000), at(1)], close()]);
    const other = SigningKeys.from(signingKeyFromSeed('unit-1', Buffer.alloc(32, 8)));
    expect((await verifyTranscript(tr, { keys: other.published() })).checks.find((c) => c.name === 'signatures')?.ok).toBe(false);
    expect((await verifyTranscript(tr, { keys: [] })).checks.find((c) => c.name === 'signatures')?.ok).toBe(false);
  });

  it('when a revealed maximum is not the committed one, then the commitment check fails', async () => {
    const { tr } = transcriptOf({}, [[bid('alice', 2000), at(1)], [bid('bob', 3000), at(2)], close()]);
    const r = tr.entries.find((e) => e.event.type === 'bid_placed')!.reveal!;
    r.value = (r.value ?? 0) + 1;
    expect((await verifyTranscript(tr, { keys: keys.published() })).checks.find((c) => c.name === 'commitments')?.ok).toBe(false);
  });
});

describe('result check against the engine', () => {
  // The verifier restates the engine's winner rules; these cases hold them to the same answer.
  const cases: [string, Partial<CreateAuctionInput>, [AuctionCommand, number][]][] = [
    ['English, two bidders', {}, [[bid('a', 2000), at(1)], [bid('b', 1500), at(2)], close()]],
    ['English, one bidder', {}, [[bid('a', 2000), at(1)], close()]],
    ['English, reserve lifts the price', { reservePrice: 2500 }, [[bid('a', 3000), at(1)], close()]],
    ['English, reserve missed', { reservePrice: 9000 }, [[bid('a', 3000), at(1)], [bid('b', 2000), at(2)], close()]],
    ['English, a tie goes to the earlier', {}, [[bid('a', 3000), at(1)], [bid('b', 3000), at(2)], close()]],
    ['English, no bids', {}, [close()]],
    ['sealed first price', { type: 'sealed_first_price' }, [[bid('a', 3000), at(1)], [bid('b', 4000), at(2)], close()]],
    ['sealed second price', { type: 'sealed_second_price', reservePrice: 3500 }, [[bid('a', 3000), at(1)], [bid('b', 4000), at(2)], close()]],
  ];
  for (const [name, listing, steps] of cases) {
    it(`when the transcript of "${name}" is replayed, then it gives the engine's result`, () => {
      const { tr, state } = transcriptOf({ softClose: null, ...listing }, steps);
      const engine = closeResult(state);
      const alias = engine.winnerId ? k.aliases.of(state.id, engine.winnerId) : null;
      expect(expectedResult(tr)).toEqual({ outcome: engine.outcome, winner: alias, price: engine.price });
    });
  }
});

describe('signing keys', () => {
  it('when SIGNING_KEYS is unset in development, then a key is generated into the data directory and reused after a restart; production refuses', async () => {
    const { mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { resolveSigningKeys } = await import('../src/platform/signing-keys.js');
    const dir = mkdtempSync(join(tmpdir(), 'gavel-keys-'));
    try {
      const first = resolveSigningKeys({ SIGNING_KEYS: '', NODE_ENV: 'development', DATA_DIR: dir });
      expect(statSync(join(dir, 'signing-keys')).mode & 0o077).toBe(0);
      const again = resolveSigningKeys({ SIGNING_KEYS: '', NODE_ENV: 'development', DATA_DIR: dir });
      expect(again.published()).toEqual(first.published());
      expect(() => resolveSigningKeys({ SIGNING_KEYS: '', NODE_ENV: 'production', DATA_DIR: dir })).toThrow(/SIGNING_KEYS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when several keys are configured, then the last signs and the others are published as retired', () => {
    const ks = SigningKeys.from(`${signingKeyFromSeed('old', Buffer.alloc(32, 1))},${signingKeyFromSeed('new', Buffer.alloc(32, 2))}`);
    expect(ks.activeKid).toBe('new');
    expect(ks.published().map((k) => [k.kid, k.status])).toEqual([
      ['old', 'retired'],
      ['new', 'active'],
    ]);
    expect(() => SigningKeys.from('bad')).toThrow(/SIGNING_KEYS/);
  });
});

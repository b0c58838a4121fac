import { describe, expect, it } from 'vitest';
import { type AuditRecord, auditHash, canonicalJson, GENESIS_HASH, verifyChain } from './audit.chain.js';

function chain(n: number): (AuditRecord & { hash: string })[] {
  const out: (AuditRecord & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const r: AuditRecord = { seq: i, at: new Date(1_700_000_000_000 + i).toISOString(), actorId: null, action: 'auth.login', subjectType: 'user', subjectId: `u${i}`, ip: '10.0.0.1', data: { n: i }, prevHash: prev };
    const hash = auditHash(r);
    out.push({ ...r, hash });
    prev = hash;
  }
  return out;
}

describe('audit chain', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('an intact chain verifies', () => {
    expect(verifyChain(chain(5))).toBeNull();
  });

  it('finds a changed field, a removed row and a relinked row', () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, data: { n: 99 } };
    expect(verifyChain(changed)).toEqual({ seq: 3, reason: 'hash' });
    const removed = chain(5);
    removed.splice(1, 1);
    expect(verifyChain(removed)).toEqual({ seq: 3, reason: 'gap' });
    const relinked = chain(5);
    relinked[3] = { ...relinked[3]!, prevHash: GENESIS_HASH };
    expect(verifyChain(relinked)).toEqual({ seq: 4, reason: 'link' });
  });
});

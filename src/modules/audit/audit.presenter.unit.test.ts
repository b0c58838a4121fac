import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AUDIT_BREAK_REASONS } from '../../shared/api/audit.js';
import type { ChainBreak } from './audit.chain.js';
import { auditCsvLine, csvField } from './audit.presenter.js';
import { actionPrefix, decodeAuditCursor, encodeAuditCursor } from './audit.service.js';

describe('audit CSV', () => {
  it('quotes only what needs quoting (RFC 4180) and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField({ a: 'x,y' })).toBe('"{""a"":""x,y""}"');
  });

  it('neutralises spreadsheet formulas but keeps negative numbers', () => {
    expect(csvField('=SUM(A1)')).toBe(`"'=SUM(A1)"`);
    expect(csvField('@cmd')).toBe(`"'@cmd"`);
    expect(csvField('-5')).toBe('-5');
  });

  it('writes one CRLF-terminated line per row in the column order', () => {
    const line = auditCsvLine({
      seq: 7,
      at: '2030-01-01T00:00:00.000Z',
      actorId: null,
      action: 'auth.login',
      subjectType: 'user',
      subjectId: 'u1',
      ip: '10.0.0.1',
      data: {},
      prevHash: 'p',
      hash: 'h',
    });
    expect(line).toBe('7,2030-01-01T00:00:00.000Z,,auth.login,user,u1,10.0.0.1,{},p,h\r\n');
  });
});

describe('audit filters and cursors', () => {
  it('an action ending in "." or "*" is a prefix; anything else names one action', () => {
    expect(actionPrefix('auth.')).toBe('auth.');
    expect(actionPrefix('auth.*')).toBe('auth.');
    expect(actionPrefix('auth.login')).toBeNull();
  });

  it('a cursor round-trips and a forged one is a 400', () => {
    expect(decodeAuditCursor(encodeAuditCursor(1234))).toBe(1234);
    expect(() => decodeAuditCursor('bm9wZQ')).toThrow(/cursor/);
    expect(() => decodeAuditCursor(Buffer.from('seq:1; drop').toString('base64url'))).toThrow(/cursor/);
  });
});

describe('the audit contract and the chain agree', () => {
  it('when the chain can break for a reason, then the wire contract names it', () => {
    expectTypeOf<(typeof AUDIT_BREAK_REASONS)[number]>().toEqualTypeOf<ChainBreak['reason']>();
  });
});

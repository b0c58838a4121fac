import { describe, expect, it } from 'vitest';
import { checkBusiness, normaliseVatId, VAT_FORMATS } from './business.rules.js';
import { bidRequirement, listingRequirement, payoutRequirement, satisfies, type Level } from './requirements.js';
import { sandboxOutcome } from './sandbox.outcomes.js';
import { decideUpdate, SESSION_TRANSITIONS, type SessionStatus } from './session.lifecycle.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('the session lifecycle', () => {
  it('when a session is pending, then an outcome applies; outcomes are final except requires_input, which reopens to pending', () => {
    expect(SESSION_TRANSITIONS).toEqual({ pending: ['verified', 'rejected', 'requires_input'], requires_input: ['pending'], verified: [], rejected: [] });
    const s = { status: 'pending' as SessionStatus, reason: null, seq: 0 };
    expect(decideUpdate(s, { status: 'rejected', reason: 'document_expired', seq: 2 })).toEqual({
      apply: true,
      next: { status: 'rejected', reason: 'document_expired', seq: 2 },
      outcome: true,
    });
    expect(decideUpdate({ status: 'verified', reason: null, seq: 2 }, { status: 'rejected', reason: 'x', seq: 3 })).toEqual({ apply: false, why: 'not_allowed' });
  });

  it('when an event is at or below the last applied sequence, then it is stale: a late pending never downgrades an outcome', () => {
    expect(decideUpdate({ status: 'verified', reason: null, seq: 2 }, { status: 'pending', reason: null, seq: 1 })).toEqual({ apply: false, why: 'stale' });
    expect(decideUpdate({ status: 'verified', reason: null, seq: 2 }, { status: 'verified', reason: null, seq: 2 })).toEqual({ apply: false, why: 'stale' });
  });

  it('when a resubmission’s outcome arrives before its pending, then it applies as if the pending came first', () => {
    const waiting = { status: 'requires_input' as SessionStatus, reason: 'document_unreadable', seq: 2 };
    expect(decideUpdate(waiting, { status: 'pending', reason: null, seq: 3 })).toMatchObject({ apply: true, next: { status: 'pending', reason: null }, outcome: false });
    expect(decideUpdate(waiting, { status: 'verified', reason: null, seq: 4 })).toMatchObject({ apply: true, next: { status: 'verified', seq: 4 } });
  });
});

describe('what requires which level', () => {
  const bid = { kind: 'bid' as const, amount: 500_000, buyNowPrice: null, currentPrice: 1000, category: 'none' as const, identityAbove: 500_000 };
  it('when a bid is at the threshold, then nothing is needed; above it, identity', () => {
    expect(bidRequirement(bid)).toBeNull();
    expect(bidRequirement({ ...bid, amount: 500_001 })).toBe('identity');
    expect(bidRequirement({ ...bid, amount: 10_000_000, identityAbove: 0 })).toBeNull();
  });
  it('when it is a buy-now, then its price counts; a Dutch accept without an amount counts the current price', () => {
    expect(bidRequirement({ ...bid, kind: 'buy_now', amount: null, buyNowPrice: 600_000 })).toBe('identity');
    expect(bidRequirement({ ...bid, amount: null, currentPrice: 700_000 })).toBe('identity');
  });
  it('when the category asks for identity or business, then a bidder needs identity; a seller needs that level', () => {
    expect(bidRequirement({ ...bid, amount: 100, category: 'identity' })).toBe('identity');
    expect(bidRequirement({ ...bid, amount: 100, category: 'business' })).toBe('identity');
    expect(listingRequirement('none')).toBeNull();
    expect(listingRequirement('identity')).toBe('identity');
    expect(listingRequirement('business')).toBe('business');
  });
  it('when a payout is above its threshold, then identity; business implies identity, email does not', () => {
    expect(payoutRequirement(1_000_000, 1_000_000)).toBeNull();
    expect(payoutRequirement(1_000_001, 1_000_000)).toBe('identity');
    expect(satisfies(new Set<Level>(['business']), 'identity')).toBe(true);
    expect(satisfies(new Set<Level>(['email']), 'identity')).toBe(false);
    expect(satisfies(new Set<Level>(['identity']), 'business')).toBe(false);
  });
});

describe('business details', () => {
  const valid: Record<string, string> = {
    AT: 'ATU12345678', BE: 'BE0123456789', BG: 'BG123456789', CY: 'CY12345678L', CZ: 'CZ12345678', DE: 'DE 123 456 789',
    DK: 'DK12345678', EE: 'EE123456789', GR: 'EL123456789', ES: 'ESB1234567C', FI: 'FI12345678', FR: 'FRXX123456789',
    HR: 'HR12345678901', HU: 'HU12345678', IE: 'IE1234567WA', IT: 'IT12345678901', LT: 'LT123456789012', LU: 'LU12345678',
    LV: 'LV12345678901', MT: 'MT12345678', NL: 'nl123456789b01', PL: 'PL1234567890', PT: 'PT123456789', RO: 'RO1234567',
    SE: 'SE123456789001', SI: 'SI12345678', SK: 'SK1234567890', GB: 'GB123456789', CH: 'CHE-123.456.789 MWST', NO: 'NO123456789MVA',
  };
  it('when a VAT id has its country’s format (any spacing, case or punctuation), then it is accepted in canonical form', () => {
    expect(Object.keys(valid).sort()).toEqual(Object.keys(VAT_FORMATS).sort());
    for (const [country, vat] of Object.entries(valid)) expect(normaliseVatId(country, vat), `${country} ${vat}`).toMatch(VAT_FORMATS[country]!.pattern);
    expect(normaliseVatId('DE', 'DE 123 456 789')).toBe('DE123456789');
    expect(normaliseVatId('CH', 'CHE-123.456.789 MWST')).toBe('CHE123456789MWST');
    expect(normaliseVatId('DE', '123456789')).toBe('DE123456789');
  });
  it('when a VAT id has the wrong length, prefix or letters, then it is refused with the country’s example', () => {
    for (const [country, vat] of [['DE', 'DE12345678'], ['AT', 'AT12345678'], ['NL', 'NL123456789X01'], ['FR', 'FRIO123456789'], ['GR', 'GR123456789'], ['SE', 'SE123456789012'], ['DE', 'FR12345678901']] as const) {
      expect(normaliseVatId(country, vat), `${country} ${vat}`).toBeNull();
    }
    const r = checkBusiness({ companyName: 'Muster GmbH', registrationNumber: 'HRB 12345', vatId: 'DE12345678', country: 'de' });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'BUSINESS_DETAILS_INVALID', details: { field: 'vatId', reason: 'format', country: 'DE', example: 'DE123456789' } }) });
  });
  it('when the country is outside the EU, GB, CH and NO, or a field is empty, then it is refused naming the field', () => {
    expect(checkBusiness({ companyName: 'Acme', registrationNumber: '123', vatId: '123', country: 'US' })).toMatchObject({ ok: false, error: { details: { field: 'country' } } });
    expect(checkBusiness({ companyName: ' ', registrationNumber: 'HRB 1', vatId: 'DE123456789', country: 'DE' })).toMatchObject({ ok: false, error: { details: { field: 'companyName' } } });
    expect(checkBusiness({ companyName: 'Muster GmbH', registrationNumber: '', vatId: 'DE123456789', country: 'DE' })).toMatchObject({ ok: false, error: { details: { field: 'registrationNumber' } } });
    expect(checkBusiness({ companyName: ' Muster  GmbH ', registrationNumber: 'hrb 12345', vatId: 'de123456789', country: 'de' })).toEqual({
      ok: true,
      value: { companyName: 'Muster GmbH', registrationNumber: 'HRB 12345', vatId: 'DE123456789', country: 'DE' },
    });
  });
});

describe('the sandbox’s test data', () => {
  const person = { firstName: 'Erika', lastName: 'Mustermann', dateOfBirth: '1990-04-01', country: 'DE' };
  it('when the document number ends in a test suffix, then that outcome; else an adult is verified and a minor rejected', () => {
    expect(sandboxOutcome({ ...person, documentNumber: 'L01X00T40000' }, NOW)).toEqual({ status: 'rejected', reason: 'document_expired' });
    expect(sandboxOutcome({ ...person, documentNumber: 'L01X00T41111' }, NOW)).toEqual({ status: 'requires_input', reason: 'document_unreadable' });
    expect(sandboxOutcome({ ...person, documentNumber: 'X2222' }, NOW)).toEqual({ status: 'rejected', reason: 'document_fraudulent' });
    expect(sandboxOutcome({ ...person, documentNumber: 'X3333' }, NOW)).toEqual({ status: 'requires_input', reason: 'selfie_mismatch' });
    expect(sandboxOutcome({ ...person, documentNumber: 'L01X00T47' }, NOW)).toEqual({ status: 'verified', reason: null });
    expect(sandboxOutcome({ ...person, dateOfBirth: '2010-01-01', documentNumber: 'L01X00T47' }, NOW)).toEqual({ status: 'rejected', reason: 'underage' });
  });
});

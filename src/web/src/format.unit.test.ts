import { describe, expect, it } from 'vitest';
import { humanMessage } from './api';
import { durationWords, toMinor } from './format';

describe('money input', () => {
  it('when a person types an amount, then it becomes minor units (or null when it is not one)', () => {
    expect(toMinor('25', 'EUR')).toBe(2500);
    expect(toMinor('25.5', 'EUR')).toBe(2550);
    expect(toMinor('25,05', 'EUR')).toBe(2505);
    expect(toMinor('1000', 'JPY')).toBe(1000);
    expect(toMinor('10.50', 'JPY')).toBeNull();
    expect(toMinor('-3', 'EUR')).toBeNull();
    expect(toMinor('1.234', 'EUR')).toBeNull();
    expect(toMinor('abc', 'EUR')).toBeNull();
  });
  it('when a setting is shown, then it reads as words', () => {
    expect(durationWords(120)).toBe('2 minutes');
    expect(durationWords(90)).toBe('1 minute, 30 seconds');
    expect(durationWords(3600)).toBe('1 hour');
  });
});

describe('error messages', () => {
  it('when the API answers a known code, then the person reads a sentence, never JSON', () => {
    expect(humanMessage('EMAIL_TAKEN', 'Email taken')).toMatch(/already exists/);
    expect(humanMessage('WEAK_PASSWORD', 'x', { minLength: 10 })).toMatch(/at least 10/);
    expect(humanMessage('VALIDATION_FAILED', "'email' must match format", { field: '/email' })).toBe('Please check the email address.');
    expect(humanMessage('SOMETHING_NEW', 'The thing is off')).toBe('The thing is off');
    expect(humanMessage('SOMETHING_NEW', '{"raw":true}')).not.toContain('{');
  });
});

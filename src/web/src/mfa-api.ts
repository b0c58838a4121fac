import type { User } from '../../shared/api/identity';
import type { ChallengeAnswerBody, ChallengeResult, MfaStatus, RecoveryCodesResponse, SessionList, TotpEnrollment } from '../../shared/api/mfa';
import { request } from './api';

/** Two-factor authentication and the caller's sessions. */
export const mfaApi = {
  status: (signal?: AbortSignal) => request<MfaStatus>('GET', '/me/mfa', signal ? { signal } : {}),
  startTotp: () => request<TotpEnrollment>('POST', '/me/mfa/totp'),
  confirmTotp: (code: string) => request<RecoveryCodesResponse>('POST', '/me/mfa/totp/confirm', { body: { code } }),
  disable: () => request<void>('DELETE', '/me/mfa/totp'),
  regenerate: () => request<RecoveryCodesResponse>('POST', '/me/mfa/recovery-codes'),
  answer: (challengeId: string, body: ChallengeAnswerBody) =>
    request<ChallengeResult & { user?: User }>('POST', `/auth/mfa/challenges/${encodeURIComponent(challengeId)}`, { body }),
  sessions: (signal?: AbortSignal) => request<SessionList>('GET', '/me/sessions', { query: { limit: 50 }, ...(signal ? { signal } : {}) }),
  revokeSession: (id: string) => request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`),
  revokeOthers: () => request<{ revoked: number }>('POST', '/me/sessions/revoke-others', { body: {} }),
};

/** A code as typed: digits only for an app code; recovery codes keep their letters and dashes. */
export const cleanCode = (s: string): string => s.replace(/\s+/g, '');

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** A user agent as a person reads it ("Firefox", "Linux"), or null parts when unknown. */
export function deviceParts(ua: string | null): { browser: string | null; os: string | null } {
  if (!ua) return { browser: null, os: null };
  return { browser: BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null, os: SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null };
}

import type {
  LevelStatusView,
  SandboxSessionView,
  SandboxSubmitBody,
  StartBusinessBody,
  VerificationLevel,
  VerificationStatusView,
} from '../../shared/api/verification';
import { ApiError, request } from './api';

/** The verification levels, starting each, and the sandbox provider's hosted step. */
export const verificationApi = {
  status: (signal?: AbortSignal) => request<VerificationStatusView>('GET', '/me/verification', signal ? { signal } : {}),
  startEmail: () => request<{ sent: boolean }>('POST', '/me/verification/email'),
  confirmEmail: (token: string) => request<{ confirmed: boolean }>('POST', '/verification/email/confirm', { body: { token } }),
  startIdentity: () => request<LevelStatusView>('POST', '/me/verification/identity'),
  startBusiness: (body: StartBusinessBody) => request<LevelStatusView>('POST', '/me/verification/business', { body }),
  sandboxSession: (ref: string, signal?: AbortSignal) =>
    request<SandboxSessionView>('GET', `/verification/sandbox/sessions/${encodeURIComponent(ref)}`, signal ? { signal } : {}),
  sandboxSubmit: (ref: string, body: SandboxSubmitBody) =>
    request<SandboxSessionView>('POST', `/verification/sandbox/sessions/${encodeURIComponent(ref)}/submit`, { body }),
};

/** The level a refusal asks for (403 VERIFICATION_REQUIRED), or null for any other error. */
export function requiredLevel(e: unknown): VerificationLevel | null {
  if (!(e instanceof ApiError) || e.code !== 'VERIFICATION_REQUIRED') return null;
  const level = e.details?.level;
  return level === 'email' || level === 'identity' || level === 'business' ? level : null;
}

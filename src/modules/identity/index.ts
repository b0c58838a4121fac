export { IdentityRepository } from './identity.repository.js';
export { IdentityService, MIN_PASSWORD_LENGTH, type SecondFactor, type UploadLookup } from './identity.service.js';
export { LoginAttemptsRepository } from './login-attempts.repository.js';
export { LoginThrottle } from './login-throttle.js';
export type { BackoffPolicy } from './login-backoff.js';
export { identityRoutes } from './identity.routes.js';
export { UserSchema } from '../../shared/api/identity.js';
export { installAuthentication, requireAdmin, requireStepUp, requireUser, sessionCookie, tokenFrom } from './identity.http.js';
export {
  checkStepUpChallenge,
  ENROLL_START,
  isStepUpChallengeId,
  isSteppedUp,
  STEP_UP_METHODS,
  type StepUpMethod,
  type StepUpPolicy,
  type StepUpReason,
  stepUpNeeded,
} from './step-up.js';
export type { Principal, SessionOrigin, SessionView, StandingChange, User } from './identity.types.js';
export { ROLE_ADMIN } from './identity.types.js';
export type { AdminUserView, PublicProfile, SellerSummary } from './identity.types.js';

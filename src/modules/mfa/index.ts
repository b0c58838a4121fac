export { MfaRepository } from './mfa.repository.js';
export { type MfaDeps, MfaService } from './mfa.service.js';
export { mfaRoutes } from './mfa.routes.js';
export { matchTotp, totpCodeAt } from './totp.js';
export { createMfa } from './mfa.module.js';

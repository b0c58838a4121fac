export { createVerification, type Verification } from './verification.module.js';
export { verificationRoutes } from './verification.routes.js';
export type { VerificationService } from './verification.service.js';
export type { VerificationProvider, VerificationEvent } from './provider/provider.port.js';
export { SandboxVerificationProvider } from './provider/sandbox.provider.js';
export { SANDBOX_DOCUMENTS, VAT_FORMATS } from './domain/index.js';

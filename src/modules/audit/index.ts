export { type AuditEntry, appendAudit, appendAuditAlone, readChain } from './audit.log.js';
export { type AuditRecord, type ChainBreak, auditHash, canonicalJson, GENESIS_HASH, verifyChain } from './audit.chain.js';
export { type AuditFilter, type AuditRow, AuditService } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';

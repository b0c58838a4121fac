export { type AuditEntry, appendAudit, appendAuditAlone, readChain } from './audit.log.js';
export { type AuditRecord, type ChainBreak, auditHash, canonicalJson, GENESIS_HASH, verifyChain } from './audit.chain.js';

export { createRisk, installRisk, type RiskService, verificationStepUp } from './risk.module.js';
export { BID_BLOCKED, type BidAttempt, RiskEngine, type StepUp } from './risk.engine.js';
export { type Link, type Ring, findRings, ringCases } from './risk.analysis.js';
export { type CardCountry, type IpCountry, SANDBOX_CARD_COUNTRIES, SANDBOX_IP_COUNTRIES, sandboxIpCountry } from './risk.screening.js';
export { cardFingerprint } from './risk.users.js';
export { RiskState } from './domain/features.js';
export { bandFor, decisionFor, scoreBid, THRESHOLDS, type BidFeatures, type RiskDecision } from './domain/score.js';

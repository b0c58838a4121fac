export * from './session.lifecycle.js';
export * from './requirements.js';
export * from './business.rules.js';
export * from './sandbox.outcomes.js';

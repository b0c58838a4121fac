export { transcriptRoutes } from './transcripts.routes.js';
/** The platform's transcript signing keys from config (the auctions module signs with them). */
export { resolveSigningKeys } from '../../platform/signing-keys.js';

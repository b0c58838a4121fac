export { IdentityRepository } from './identity.repository.js';
export { IdentityService, MIN_PASSWORD_LENGTH } from './identity.service.js';
export { identityRoutes } from './identity.routes.js';
export { UserSchema } from './identity.schemas.js';
export { installAuthentication, requireAdmin, requireUser, tokenFrom } from './identity.http.js';
export type { Principal, User } from './identity.types.js';
export { ROLE_ADMIN } from './identity.types.js';
export type { AdminUserView, PublicProfile } from './identity.types.js';

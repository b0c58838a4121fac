/** A user as the rest of the service sees it (never the password hash). */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
}

/** The authenticated caller of a request. */
export interface Principal {
  userId: string;
  roles: string[];
  isAdmin: boolean;
  /** SHA-256 of the session token, to revoke it on logout. */
  tokenHash: Buffer;
}

export const ROLE_ADMIN = 'admin';

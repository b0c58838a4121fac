import type { AdminUser, PublicProfile, SellerSummary } from '../../shared/api/identity.js';

/** A user as the rest of the service sees it (never the password hash). */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
  language: string | null;
  timeZone: string | null;
  /** Same-origin path of the user's picture; null: none. */
  avatarUrl: string | null;
}

/** The authenticated caller of a request. */
export interface Principal {
  userId: string;
  roles: string[];
  isAdmin: boolean;
  /** SHA-256 of the session token, to revoke it on logout. */
  tokenHash: Buffer;
  /** The account is suspended or banned (read with the session, no query of its own); bids refuse it. */
  suspended?: boolean;
  /** The user has a confirmed second factor (absent: no). */
  mfaEnrolled?: boolean;
  /** When this session was last stepped up (epoch ms); null or absent: never. */
  steppedUpAt?: number | null;
}

/** A change of an account's standing (review queue); `null` clears it. */
export interface StandingChange {
  suspendedAt?: Date | null;
  bannedAt?: Date | null;
  reason: string | null;
}

/** A signed-in session as its owner sees it on the security page. */
export interface SessionView {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  steppedUpAt: string | null;
  stepUpMethod: string | null;
  current: boolean;
}

/** Where a session is opened from (recorded for the security page). */
export interface SessionOrigin {
  ip: string | null;
  userAgent: string | null;
}

export const ROLE_ADMIN = 'admin';

/**
 * A user as the admin list shows it: the account plus activity counts (auctions
 * listed as seller, orders placed as buyer).
 */
export type AdminUserView = AdminUser;

/** What anyone may see of a user (a seller's public profile): never the email. */
export type { PublicProfile };

/** Who sells a listing, as auction views carry it. */
export type { SellerSummary };

/** Roles an admin can grant or revoke through the API. */
export const GRANTABLE_ROLES = [ROLE_ADMIN] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

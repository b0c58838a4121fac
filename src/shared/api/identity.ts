/** The identity wire contract: accounts, sessions, profiles and the admin user list. */
import { type Static, Type } from 'typebox';
import { Id, IdParam, NextCursor, Strict } from './common.js';

const UserFields = {
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  /** The chosen language ("en", "de"); null: the browser's. */
  language: Type.Union([Type.String(), Type.Null()]),
  /** The chosen IANA time zone ("Europe/Berlin"); null: the browser's. */
  timeZone: Type.Union([Type.String(), Type.Null()]),
  /** The user's picture (a same-origin path under /uploads); null: none. */
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
};
export const UserSchema = Type.Object(UserFields, { $id: 'User' });

export const RegisterBody = Strict({
  email: Type.String({ format: 'email', maxLength: 254 }),
  // Length rules are business rules (422 WEAK_PASSWORD), not shape rules.
  password: Type.String({ maxLength: 1024 }),
  displayName: Type.String({ minLength: 1, maxLength: 80 }),
});
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Strict({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 1024 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const AuthResponse = Type.Object({ user: Type.Ref('User'), token: Type.String() });

/** Who this session is, if anyone: a visitor gets `user: null` (200), so asking costs no error. */
export const SessionResponse = Type.Object({ user: Type.Union([Type.Ref('User'), Type.Null()]) });

/** A user as the admin list shows it (with activity counts). */
export const AdminUserSchema = Type.Object(
  { ...UserFields, auctionCount: Type.Integer(), orderCount: Type.Integer() },
  { $id: 'AdminUser' },
);

export const AdminUsersQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type AdminUsersQuery = Static<typeof AdminUsersQuery>;

export const UserIdParams = Strict({ id: IdParam('USER_NOT_FOUND') });

export const ChangeRoleBody = Strict({
  action: Type.Union([Type.Literal('grant'), Type.Literal('revoke')]),
  role: Type.Literal('admin'),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type ChangeRoleBody = Static<typeof ChangeRoleBody>;

/** A seller's public profile: never the email. */
export const PublicProfileSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    avatarUrl: Type.Union([Type.String(), Type.Null()]),
    memberSince: Type.String({ format: 'date-time' }),
    /** `sold`: completed sales (orders paid and not fully refunded). */
    sellerStats: Type.Object({ sold: Type.Integer(), rating: Type.Optional(Type.Number()) }),
    /** The list route filtered to this seller's scheduled and live auctions. */
    listingsUrl: Type.String(),
  },
  { $id: 'PublicProfile' },
);

/** Who sells a listing, as every auction view carries it (never the email). */
export const SellerSummarySchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  memberSince: Type.String({ format: 'date-time' }),
  completedSales: Type.Integer(),
});
export type SellerSummary = Static<typeof SellerSummarySchema>;

/** Changes to the signed-in user's profile; a field left out keeps its value. */
export const UpdateProfileBody = Strict({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  /** One of the languages Gavel speaks (422 INVALID_LANGUAGE otherwise); null: the browser's. */
  language: Type.Optional(Type.Union([Type.String({ maxLength: 35 }), Type.Null()])),
  /** An IANA time zone (422 INVALID_TIME_ZONE otherwise); null: the browser's. */
  timeZone: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  /** An image the caller uploaded (422 INVALID_AVATAR otherwise); null removes the picture. */
  avatarUploadId: Type.Optional(Type.Union([Id(), Type.Null()])),
});
export type UpdateProfileBody = Static<typeof UpdateProfileBody>;

export const ChangeEmailBody = Strict({
  email: Type.String({ format: 'email', maxLength: 254 }),
  currentPassword: Type.String({ maxLength: 1024 }),
});
export type ChangeEmailBody = Static<typeof ChangeEmailBody>;

export const ChangePasswordBody = Strict({
  currentPassword: Type.String({ maxLength: 1024 }),
  // Length rules are business rules (422 WEAK_PASSWORD), as at registration.
  newPassword: Type.String({ maxLength: 1024 }),
});
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export type User = Static<typeof UserSchema>;
export type AdminUser = Static<typeof AdminUserSchema>;
export type PublicProfile = Static<typeof PublicProfileSchema>;
export type AuthResponse = { user: User; token: string };
export type SessionResponse = { user: User | null };
export const AdminUserPage = Type.Object({ items: Type.Array(Type.Ref('AdminUser')), nextCursor: NextCursor });
export type AdminUserPage = { items: AdminUser[]; nextCursor: string | null };

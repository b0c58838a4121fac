/** The identity wire contract: accounts, sessions, profiles and the admin user list. */
import { type Static, Type } from 'typebox';
import { IdParam, NextCursor, Strict } from './common.js';

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
    memberSince: Type.String({ format: 'date-time' }),
    sellerStats: Type.Object({ sold: Type.Integer(), rating: Type.Optional(Type.Number()) }),
  },
  { $id: 'PublicProfile' },
);

export type User = Static<typeof UserSchema>;
export type AdminUser = Static<typeof AdminUserSchema>;
export type PublicProfile = Static<typeof PublicProfileSchema>;
export type AuthResponse = { user: User; token: string };
export type SessionResponse = { user: User | null };
export const AdminUserPage = Type.Object({ items: Type.Array(Type.Ref('AdminUser')), nextCursor: NextCursor });
export type AdminUserPage = { items: AdminUser[]; nextCursor: string | null };

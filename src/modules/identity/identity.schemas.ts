import { type Static, Type } from 'typebox';
import { Strict } from '../../platform/schemas.js';

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'User' },
);

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

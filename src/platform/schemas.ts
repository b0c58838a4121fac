import { type TProperties, Type } from 'typebox';

/** An object schema that rejects unknown fields (our defence against mass assignment). */
export const Strict = <T extends TProperties>(props: T, opts: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

/** The one error body. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, machine-readable code' }),
      message: Type.String(),
      details: Type.Optional(Type.Any()),
    }),
  },
  { $id: 'Error', description: 'Every error answer has this shape' },
);

/** Standard error responses to attach to a route's schema. */
export const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')])) as Record<number, ReturnType<typeof Type.Ref>>;

/** Integer amount in minor units (cents). */
export const Amount = (opts: Record<string, unknown> = {}) =>
  Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description: 'Integer amount in minor units', ...opts });
export const Id = (opts: Record<string, unknown> = {}) => Type.String({ minLength: 1, maxLength: 64, ...opts });
export const IsoTime = (opts: Record<string, unknown> = {}) => Type.String({ format: 'date-time', ...opts });

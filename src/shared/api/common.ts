/**
 * Building blocks of the wire contract, shared by every area's schemas. Pure: TypeBox
 * only, so the web can import the types (and the server the schemas) alike.
 */
import { type Static, type TProperties, type TSchema, Type } from 'typebox';

/** An object schema that rejects unknown fields (our defence against mass assignment). */
export const Strict = <T extends TProperties>(props: T, opts: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

/** `T` or `null`. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The one error body. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, machine-readable code' }),
      message: Type.String(),
      // Free-form by design: each code documents its own details.
      details: Type.Optional(Type.Any()),
    }),
  },
  { $id: 'Error', description: 'Every error answer has this shape' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** Standard error responses to attach to a route's schema. */
export const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')])) as Record<number, ReturnType<typeof Type.Ref>>;

/** Integer amount in minor units (cents). */
export const Amount = (opts: Record<string, unknown> = {}) =>
  Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description: 'Integer amount in minor units', ...opts });

/** Largest PostgreSQL `int4`: the bound of every count, quantity and page size. */
export const INT4_MAX = 2_147_483_647;

/**
 * The one id format: every id Gavel mints is a UUID (v7), and every id a client
 * sends is checked against the canonical 8-4-4-4-12 form (the validator overrides
 * the `uuid` format accordingly) before it can reach the database.
 */
export const Id = (opts: Record<string, unknown> = {}) => Type.String({ format: 'uuid', minLength: 36, maxLength: 36, ...opts });

/**
 * An id in the path. A malformed one is answered like an unknown one, with the
 * resource's own not-found code (404), by the error handler reading `x-not-found`.
 */
export const IdParam = (notFoundCode: string) => Id({ 'x-not-found': notFoundCode });

/** Category ids are slugs chosen by the operator (`cameras`, `holds-sold`), not UUIDs. */
export const CATEGORY_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';
export const CategoryId = (opts: Record<string, unknown> = {}) =>
  Type.String({ pattern: CATEGORY_ID_PATTERN, minLength: 1, maxLength: 64, ...opts });

/** A count or quantity that fits `int4`. */
export const Count = (opts: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, maximum: INT4_MAX, ...opts });

/** A position in an event log (`bigint` in the database), bounded to what JSON numbers hold exactly. */
export const Seq = (opts: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...opts });

/** The `Idempotency-Key` header of routes that accept one (checked again by `parseIdempotencyKey`). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ pattern: '^[\\x21-\\x7e]{1,255}$', description: 'Makes retries safe: 1 to 255 visible ASCII characters' }),
  ),
});
export const IsoTime = (opts: Record<string, unknown> = {}) => Type.String({ format: 'date-time', ...opts });

/** An opaque keyset cursor of a paginated list; `null` on the last page. */
export const NextCursor = Nullable(Type.String());

/** Free-form JSON details (notification data, audit data): their keys vary by kind. */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** One of a fixed list of strings, as a union of literals (`anyOf` of `const`), typed as that union. */
export const OneOf = <const T extends readonly string[]>(values: T, opts: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v)), opts));

/** A 200 answer that is JSON by default and CSV with `format=csv` (reports). */
export const JsonOrCsv = <T extends TSchema>(json: T) => ({
  content: {
    'application/json': { schema: json },
    'text/csv': { schema: Type.String({ description: 'CSV with a header line' }) },
  },
});

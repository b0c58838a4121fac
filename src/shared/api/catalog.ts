/** The catalog wire contract. */
import { type Static, Type } from 'typebox';
import { AuctionType } from './auctions.js';
import { Amount, CategoryId, Count, Nullable, Strict } from './common.js';

export const Verification = Type.Union([Type.Literal('none'), Type.Literal('identity'), Type.Literal('business')]);
export type Verification = Static<typeof Verification>;

/** Minimum amounts per ISO 4217 currency (minor units); a currency not named is not limited. */
const PerCurrency = Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Amount());

/** Listing rules of a category; each null (or absent) is inherited from the nearest ancestor that sets it. */
export const CategoryRulesSchema = Type.Object(
  {
    allowedTypes: Type.Optional(Nullable(Type.Array(AuctionType, { minItems: 1, maxItems: 4, uniqueItems: true }))),
    minStartingPrice: Type.Optional(Nullable(PerCurrency)),
    maxDurationSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 60, maximum: 365 * 86_400 }))),
    reserveAllowed: Type.Optional(Nullable(Type.Boolean())),
    minReserve: Type.Optional(Nullable(PerCurrency)),
    maxImages: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 24 }))),
    requiredSpecifications: Type.Optional(Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 50 }))),
    suggestedSpecifications: Type.Optional(
      Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 50, description: 'Specification names the sell form offers; not enforced' })),
    ),
  },
  { additionalProperties: false },
);
export type CategoryRules = Static<typeof CategoryRulesSchema>;

/** A catalog category (a tree through `parentId`), with what it sets itself (null = inherited). */
export const CategorySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Nullable(Type.String()),
  slug: Type.Optional(Type.String()),
  depth: Type.Optional(Count({ description: '0 for a root' })),
  activeAuctions: Type.Optional(Count({ description: 'Active auctions in this category and its descendants (at most 10 s old)' })),
  commissionBps: Type.Optional(Nullable(Type.Integer())),
  verificationRequired: Type.Optional(Nullable(Verification)),
  rules: Type.Optional(CategoryRulesSchema),
});
export type Category = Static<typeof CategorySchema>;

/** The rules in force, every key present (null: no category on the path sets it). */
const EffectiveRules = Type.Object({
  allowedTypes: Nullable(Type.Array(AuctionType)),
  minStartingPrice: Nullable(PerCurrency),
  maxDurationSeconds: Nullable(Type.Integer()),
  reserveAllowed: Nullable(Type.Boolean()),
  minReserve: Nullable(PerCurrency),
  maxImages: Nullable(Type.Integer()),
  requiredSpecifications: Nullable(Type.Array(Type.String())),
  suggestedSpecifications: Nullable(Type.Array(Type.String())),
});
export type EffectiveRules = Static<typeof EffectiveRules>;

/** One category with the settings in force for it (inherited down the tree). */
export const CategoryDetailSchema = Type.Object({
  ...CategorySchema.properties,
  path: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), { description: 'Root first, this category last' }),
  effective: Type.Object({
    commissionBps: Nullable(Type.Integer({ description: 'null: the platform default applies' })),
    commissionFrom: Nullable(Type.String({ description: 'The category that sets the commission' })),
    verificationRequired: Verification,
    rules: EffectiveRules,
  }),
});
export type CategoryDetail = Static<typeof CategoryDetailSchema>;

export const CategoryParams = Strict({ id: CategoryId({ 'x-not-found': 'CATEGORY_NOT_FOUND' }) });

const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', minLength: 1, maxLength: 64, description: 'lowercase-kebab, unique' });
const changeFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  slug: Slug,
  parentId: Nullable(CategoryId()),
  commissionBps: Nullable(Type.Integer({ minimum: 0, maximum: 10_000 })),
  verificationRequired: Nullable(Verification),
  rules: CategoryRulesSchema,
};
export const CreateCategoryBody = Strict({
  name: changeFields.name,
  slug: changeFields.slug,
  parentId: Type.Optional(changeFields.parentId),
  commissionBps: Type.Optional(changeFields.commissionBps),
  verificationRequired: Type.Optional(changeFields.verificationRequired),
  rules: Type.Optional(changeFields.rules),
});
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;
export const UpdateCategoryBody = Strict({
  name: Type.Optional(changeFields.name),
  slug: Type.Optional(changeFields.slug),
  parentId: Type.Optional(changeFields.parentId),
  commissionBps: Type.Optional(changeFields.commissionBps),
  verificationRequired: Type.Optional(changeFields.verificationRequired),
  rules: Type.Optional(changeFields.rules),
});
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>;

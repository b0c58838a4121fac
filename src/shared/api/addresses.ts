/** The address book's wire contract: saved shipping addresses and the snapshot an order keeps. */
import { type Static, Type } from 'typebox';
import { Id, IdParam, IsoTime, Strict } from './common.js';

// Lengths only: what a field must look like depends on the country, and the address rules
// answer that with 422 INVALID_ADDRESS naming the field (not a schema 400).
const Text = (maxLength: number) => Type.String({ maxLength });

/** What an address is made of, as a person writes it. */
const AddressFields = {
  name: Text(100),
  line1: Text(200),
  line2: Type.Optional(Text(200)),
  city: Text(100),
  region: Type.Optional(Text(100)),
  postalCode: Text(20),
  country: Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2' }),
  phone: Type.Optional(Text(30)),
};

/** An address as an order keeps it: a copy made when the buyer chose it, unchanged by later edits of the book. */
export const ShippingAddressSchema = Type.Object(AddressFields);
export type ShippingAddress = Static<typeof ShippingAddressSchema>;

/** Fields of an address a person sends (the rules normalise and check them). */
export type AddressInput = ShippingAddress;

export const CreateAddressBody = Strict({ ...AddressFields, isDefault: Type.Optional(Type.Boolean()) });
export type CreateAddressBody = Static<typeof CreateAddressBody>;

export const UpdateAddressBody = Strict({
  name: Type.Optional(AddressFields.name),
  line1: Type.Optional(AddressFields.line1),
  line2: Type.Optional(Type.Union([AddressFields.line2, Type.Null()])),
  city: Type.Optional(AddressFields.city),
  region: Type.Optional(Type.Union([AddressFields.region, Type.Null()])),
  postalCode: Type.Optional(AddressFields.postalCode),
  country: Type.Optional(AddressFields.country),
  phone: Type.Optional(Type.Union([AddressFields.phone, Type.Null()])),
  isDefault: Type.Optional(Type.Literal(true, { description: 'Make this the default (another address becomes default by being chosen)' })),
});
export type UpdateAddressBody = Static<typeof UpdateAddressBody>;

export const AddressIdParams = Strict({ id: IdParam('ADDRESS_NOT_FOUND') });

/** A saved address of the signed-in user. */
export const AddressSchema = Type.Object(
  { id: Type.String(), ...AddressFields, isDefault: Type.Boolean(), createdAt: IsoTime(), updatedAt: IsoTime() },
  { $id: 'Address' },
);
export type AddressView = Static<typeof AddressSchema>;
export const AddressList = Type.Object({ items: Type.Array(Type.Ref('Address')) });

/** The buyer picks one of their saved addresses for an order. */
export const SetShippingAddressBody = Strict({ addressId: Id() });
export type SetShippingAddressBody = Static<typeof SetShippingAddressBody>;

/** Fields an INVALID_ADDRESS names in `details.field`. */
export const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** Why a field was refused (`details.reason`), so a client can say it in its own language. */
export const ADDRESS_REASONS = ['required', 'too_long', 'format', 'unknown_country', 'unknown_region'] as const;
export type AddressReason = (typeof ADDRESS_REASONS)[number];

/** How many addresses one person may keep. */
export const MAX_ADDRESSES = 20;

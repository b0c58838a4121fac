import type { DataKeys } from '../../platform/data-keys.js';
import type { SealedTarget } from '../../platform/data-keys.rotate.js';
import type { Sql, Tx } from '../../platform/db.js';
import { openFields, sealFields } from '../../platform/sealed-fields.js';
import type { ShippingAddress } from '../../shared/api/addresses.js';

/** The personal columns of an address, encrypted at rest (country and region stay plain: shipping rules read them). */
const SEALED_COLUMNS = ['name', 'line1', 'line2', 'city', 'postal_code', 'phone'] as const;

/** The address book's sealed columns, for key rotation. */
export const ADDRESS_SEALED_TARGETS: SealedTarget[] = [{ table: 'addresses', columns: SEALED_COLUMNS }];

/** A saved address of one user. */
export interface Address extends ShippingAddress {
  id: string;
  userId: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

// biome-ignore lint/suspicious/noExplicitAny: database rows
const toAddress = (r: any): Address => {
  const a: Address = {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    line1: r.line1,
    city: r.city,
    postalCode: r.postal_code,
    country: r.country,
    isDefault: r.is_default,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.line2) a.line2 = r.line2;
  if (r.region) a.region = r.region;
  if (r.phone) a.phone = r.phone;
  return a;
};

const columns = (a: ShippingAddress) => ({
  name: a.name,
  line1: a.line1,
  line2: a.line2 ?? null,
  city: a.city,
  region: a.region ?? null,
  postal_code: a.postalCode,
  country: a.country,
  phone: a.phone ?? null,
});

/** The address book in PostgreSQL (`addresses`). Every query is scoped to its owner; personal fields are sealed. */
export class AddressesRepository {
  constructor(
    readonly sql: Sql,
    private readonly keys: DataKeys,
  ) {}

  private read = (r: Record<string, unknown>): Address => toAddress(openFields(this.keys, r, SEALED_COLUMNS));

  private columns(a: ShippingAddress) {
    return sealFields(this.keys, columns(a), SEALED_COLUMNS);
  }

  /** The user's addresses: the default first, then newest first. */
  async list(userId: string): Promise<Address[]> {
    const rows = await this.sql`
      select * from addresses where user_id = ${userId} order by is_default desc, created_at desc, id desc`;
    return rows.map(this.read);
  }

  async get(userId: string, id: string): Promise<Address | null> {
    const rows = await this.sql`select * from addresses where id = ${id} and user_id = ${userId}`;
    return rows[0] ? this.read(rows[0]) : null;
  }

  /**
   * Saves a new address; it becomes the default when asked or when it is the user's first.
   * Serialised per user so the count limit and the single default hold under races.
   */
  async insert(userId: string, id: string, a: ShippingAddress, makeDefault: boolean, now: number, max: number): Promise<Address | null> {
    return this.sql.begin(async (tx) => {
      await lockBook(tx, userId);
      const [c] = await tx<{ n: number }[]>`select count(*)::int as n from addresses where user_id = ${userId}`;
      const n = c?.n ?? 0;
      if (n >= max) return null;
      const isDefault = makeDefault || n === 0;
      if (isDefault) await tx`update addresses set is_default = false where user_id = ${userId} and is_default`;
      const at = new Date(now);
      const row = { id, user_id: userId, ...this.columns(a), is_default: isDefault, created_at: at, updated_at: at };
      const [r] = await tx`insert into addresses ${tx(row)} returning *`;
      return this.read(r as Record<string, unknown>);
    });
  }

  /** Replaces the fields of an address of the user (and makes it the default when asked). */
  async update(userId: string, id: string, a: ShippingAddress, makeDefault: boolean, now: number): Promise<Address | null> {
    return this.sql.begin(async (tx) => {
      await lockBook(tx, userId);
      if (makeDefault) await tx`update addresses set is_default = false where user_id = ${userId} and is_default and id <> ${id}`;
      const set = { ...this.columns(a), updated_at: new Date(now), ...(makeDefault ? { is_default: true } : {}) };
      const [r] = await tx`update addresses set ${tx(set)} where id = ${id} and user_id = ${userId} returning *`;
      return r ? this.read(r) : null;
    });
  }

  /** Removes an address of the user; when it was the default, the newest remaining one takes its place. */
  async delete(userId: string, id: string): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      await lockBook(tx, userId);
      const [gone] = await tx<{ is_default: boolean }[]>`
        delete from addresses where id = ${id} and user_id = ${userId} returning is_default`;
      if (!gone) return false;
      if (gone.is_default) {
        await tx`
          update addresses set is_default = true
          where id = (select id from addresses where user_id = ${userId} order by created_at desc, id desc limit 1)`;
      }
      return true;
    });
  }
}

function lockBook(tx: Tx, userId: string) {
  return tx`select pg_advisory_xact_lock(hashtext(${`addr:${userId}`}))`;
}

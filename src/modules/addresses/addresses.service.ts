import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import {
  type CreateAddressBody,
  MAX_ADDRESSES,
  type ShippingAddress,
  type UpdateAddressBody,
} from '../../shared/api/addresses.js';
import { validateAddress } from './domain/address.rules.js';
import type { Address, AddressesRepository } from './addresses.repository.js';

const notFound = () => new AppError('ADDRESS_NOT_FOUND', 'No such address');

function checked(input: ShippingAddress): ShippingAddress {
  const r = validateAddress(input);
  if (!r.ok) throw AppError.from(r.error);
  return r.value;
}

/** The fields of an address without its bookkeeping: what an order copies. */
export function snapshotOf(a: Address): ShippingAddress {
  const { id: _id, userId: _u, isDefault: _d, createdAt: _c, updatedAt: _m, ...fields } = a;
  return fields;
}

/** Each user's own address book: only its owner reads or changes an entry (others get 404). */
export class AddressService {
  constructor(
    private readonly repo: AddressesRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  list(userId: string): Promise<Address[]> {
    return this.repo.list(userId);
  }

  async create(userId: string, body: CreateAddressBody): Promise<Address> {
    const { isDefault, ...fields } = body;
    const a = checked(fields);
    const saved = await this.repo.insert(userId, this.ids.next(), a, isDefault === true, this.clock.now(), MAX_ADDRESSES);
    if (!saved) throw new AppError('ADDRESS_LIMIT', `An address book holds at most ${MAX_ADDRESSES} addresses`, { max: MAX_ADDRESSES });
    return saved;
  }

  /** Changes some fields; the whole address is checked again (a new country may need a new postal code). */
  async update(userId: string, id: string, body: UpdateAddressBody): Promise<Address> {
    const current = await this.owned(userId, id);
    const { isDefault, ...patch } = body;
    const merged = { ...snapshotOf(current) } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete merged[k];
      else if (v !== undefined) merged[k] = v;
    }
    const a = checked(merged as unknown as ShippingAddress);
    const saved = await this.repo.update(userId, id, a, isDefault === true, this.clock.now());
    if (!saved) throw notFound();
    return saved;
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.repo.delete(userId, id))) throw notFound();
  }

  /** The copy an order keeps of one of the user's addresses, or null if it is not theirs. */
  async snapshot(userId: string, id: string): Promise<ShippingAddress | null> {
    const a = isUuid(id) ? await this.repo.get(userId, id) : null;
    return a ? snapshotOf(a) : null;
  }

  private async owned(userId: string, id: string): Promise<Address> {
    const a = isUuid(id) ? await this.repo.get(userId, id) : null;
    if (!a) throw notFound();
    return a;
  }
}

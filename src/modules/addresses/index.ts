export { ADDRESS_SEALED_TARGETS, AddressesRepository, type Address } from './addresses.repository.js';
export { AddressService } from './addresses.service.js';
export { addressRoutes } from './addresses.routes.js';
export { validateAddress, COUNTRY_RULES } from './domain/address.rules.js';

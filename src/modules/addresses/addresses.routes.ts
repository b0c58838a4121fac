import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../platform/schemas.js';
import { requireUser } from '../identity/index.js';
import {
  AddressIdParams,
  AddressList,
  AddressSchema,
  type AddressView,
  CreateAddressBody,
  UpdateAddressBody,
} from '../../shared/api/addresses.js';
import type { Address } from './addresses.repository.js';
import type { AddressService } from './addresses.service.js';

const tags = ['addresses'];
const security = [{ bearer: [] }];

/** The API view of a saved address: no owner id (it is always the caller's). */
function present(a: Address): AddressView {
  const { userId: _owner, ...view } = a;
  return view;
}

/** `/me/addresses`: the signed-in user's address book. */
export const addressRoutes: FastifyPluginAsyncTypebox<{ addresses: AddressService }> = async (app, { addresses }) => {
  app.addSchema(AddressSchema);
  app.get(
    '/me/addresses',
    { schema: { tags, summary: 'My shipping addresses (the default first)', security, response: { 200: AddressList, ...errors(401) } } },
    async (req) => ({ items: (await addresses.list(requireUser(req).userId)).map(present) }),
  );
  app.post(
    '/me/addresses',
    {
      schema: {
        tags,
        summary: 'Save a shipping address (checked per country; the first one becomes the default)',
        security,
        body: CreateAddressBody,
        response: { 201: Type.Ref('Address'), ...errors(400, 401, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(present(await addresses.create(requireUser(req).userId, req.body))),
  );
  app.patch(
    '/me/addresses/:id',
    {
      schema: {
        tags,
        summary: 'Change a saved address (null clears an optional field; isDefault: true makes it the default)',
        security,
        params: AddressIdParams,
        body: UpdateAddressBody,
        response: { 200: Type.Ref('Address'), ...errors(400, 401, 404, 422) },
      },
    },
    async (req) => present(await addresses.update(requireUser(req).userId, req.params.id, req.body)),
  );
  app.delete(
    '/me/addresses/:id',
    {
      schema: { tags, summary: 'Remove a saved address (placed orders keep their copy)', security, params: AddressIdParams, response: { 204: Type.Null(), ...errors(401, 404) } },
    },
    async (req, reply) => {
      await addresses.remove(requireUser(req).userId, req.params.id);
      return reply.status(204).send(null);
    },
  );
};

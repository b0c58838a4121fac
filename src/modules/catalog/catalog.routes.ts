import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CategorySchema } from '../../shared/api/catalog.js';
import type { CatalogService } from './catalog.service.js';

export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: CatalogService }> = async (app, { catalog }) => {
  app.get(
    '/categories',
    { schema: { tags: ['catalog'], summary: 'All categories', response: { 200: Type.Array(CategorySchema) } } },
    async () => (await catalog.list()).map(({ id, name, parentId }) => ({ id, name, parentId })),
  );
};

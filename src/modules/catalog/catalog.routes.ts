import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogService } from './catalog.service.js';

const CategorySchema = Type.Object({ id: Type.String(), name: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]) });

export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: CatalogService }> = async (app, { catalog }) => {
  app.get(
    '/categories',
    { schema: { tags: ['catalog'], summary: 'All categories', response: { 200: Type.Array(CategorySchema) } } },
    async () => (await catalog.list()).map(({ id, name, parentId }) => ({ id, name, parentId })),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CategoryDetailSchema,
  CategoryParams,
  CategorySchema,
  CreateCategoryBody,
  UpdateCategoryBody,
} from '../../shared/api/catalog.js';
import { errors } from '../../shared/api/common.js';
import { AppError } from '../../platform/errors.js';
import { requireAdmin } from '../identity/index.js';
import type { Category } from './catalog.repository.js';
import type { CatalogService } from './catalog.service.js';

const present = (c: Category) => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId,
  slug: c.slug ?? c.id,
  commissionBps: c.commissionBps ?? null,
  verificationRequired: c.verificationRequired ?? null,
  rules: c.rules ?? {},
});
const notFound = (id: string) => new AppError('CATEGORY_NOT_FOUND', `No category '${id}'`, undefined, 404);
const security = [{ bearer: [] }];

export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: CatalogService }> = async (app, { catalog }) => {
  app.get(
    '/categories',
    {
      schema: {
        tags: ['catalog'],
        summary: 'All categories (a tree through parentId), with active auctions including descendants',
        response: { 200: Type.Array(CategorySchema) },
      },
    },
    async () => (await catalog.tree()).map((c) => ({ ...present(c), depth: c.depth, activeAuctions: c.activeAuctions })),
  );
  app.get(
    '/categories/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One category with the settings and rules in force (inherited)',
        params: CategoryParams,
        response: { 200: CategoryDetailSchema, ...errors(404) },
      },
    },
    async (req) => {
      const tree = await catalog.tree();
      const node = tree.find((c) => c.id === req.params.id);
      const effective = await catalog.effective(req.params.id);
      if (!node || !effective) throw notFound(req.params.id);
      const byId = new Map(tree.map((c) => [c.id, c]));
      const path: { id: string; name: string }[] = [];
      for (let c: Category | undefined = node; c && path.length <= tree.length; c = c.parentId ? byId.get(c.parentId) : undefined)
        path.unshift({ id: c.id, name: c.name });
      return { ...present(node), depth: node.depth, activeAuctions: node.activeAuctions, path, effective };
    },
  );
  app.post(
    '/admin/categories',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Create a category (admin)',
        security,
        body: CreateCategoryBody,
        response: { 201: CategorySchema, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => {
      const p = requireAdmin(req);
      return reply.status(201).send(present(await catalog.create(p.userId, req.body)));
    },
  );
  app.patch(
    '/admin/categories/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Change a category: name, slug, parent, commission, verification, rules (admin)',
        security,
        params: CategoryParams,
        body: UpdateCategoryBody,
        response: { 200: CategorySchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const p = requireAdmin(req);
      return present(await catalog.update(p.userId, req.params.id, req.body));
    },
  );
};

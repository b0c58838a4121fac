import type { Category, CategoryDetail, CreateCategoryBody, UpdateCategoryBody } from '../../shared/api/catalog';
import { request } from './api';

/** The category tree's calls: one category's settings in force, and the admin's changes. */
export const categoriesApi = {
  list: () => request<Category[]>('GET', '/categories'),
  get: (id: string, signal?: AbortSignal) => request<CategoryDetail>('GET', `/categories/${encodeURIComponent(id)}`, signal ? { signal } : {}),
  create: (body: CreateCategoryBody) => request<Category>('POST', '/admin/categories', { body }),
  update: (id: string, body: UpdateCategoryBody) => request<Category>('PATCH', `/admin/categories/${encodeURIComponent(id)}`, { body }),
};

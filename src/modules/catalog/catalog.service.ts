import { CATEGORY_ID_PATTERN } from '../../platform/schemas.js';
import type { CatalogRepository, Category } from './catalog.repository.js';

const CATEGORY_ID = new RegExp(CATEGORY_ID_PATTERN);

// Categories change rarely and are read on every listing; cache them briefly.
const CACHE_MS = 10_000;

/** The category tree, cached. */
export class CatalogService {
  private cached: { at: number; list: Category[] } | null = null;
  constructor(
    private readonly repo: CatalogRepository,
    private readonly now: () => number,
  ) {}

  async list(): Promise<Category[]> {
    const t = this.now();
    if (this.cached && t - this.cached.at < CACHE_MS) return this.cached.list;
    const list = await this.repo.list();
    this.cached = { at: t, list };
    return list;
  }

  async get(id: string): Promise<Category | null> {
    return (await this.list()).find((c) => c.id === id) ?? null;
  }

  /** Operator-only (seed, CLI). Ids are slugs, so that every category can be named in a URL the API accepts. */
  async upsert(c: Category & { sortOrder?: number }): Promise<void> {
    if (!CATEGORY_ID.test(c.id)) throw new Error(`category id '${c.id}' must match ${CATEGORY_ID_PATTERN}`);
    await this.repo.upsert(c);
    this.cached = null;
  }
}

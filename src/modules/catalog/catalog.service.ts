import { AppError } from '../../platform/errors.js';
import { CATEGORY_ID_PATTERN } from '../../platform/schemas.js';
import type { CatalogRepository, Category, CategoryAudit, CategoryChange } from './catalog.repository.js';
import { ancestry, checkListing, type EffectiveSettings, effectiveSettings, type ListingFacts, wouldCycle } from './domain/category.rules.js';

const CATEGORY_ID = new RegExp(CATEGORY_ID_PATTERN);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Categories change rarely and are read on every listing; cache them briefly.
// The active-auction counts share the cache, so they are never older than this.
const CACHE_MS = 10_000;

/** A category with its active auctions, its own and its descendants'. */
export interface CategoryNode extends Category {
  activeAuctions: number;
  depth: number;
}

const own = (c: Category) => ({
  id: c.id,
  parentId: c.parentId,
  commissionBps: c.commissionBps ?? null,
  verificationRequired: c.verificationRequired ?? null,
  rules: c.rules ?? {},
});

/** The category tree, cached; admins change it; listings are checked against its rules. */
export class CatalogService {
  private cached: { at: number; list: Category[]; counts: Map<string, number> } | null = null;
  private readonly listeners: (() => void)[] = [];
  constructor(
    private readonly repo: CatalogRepository,
    private readonly now: () => number,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Called after every change (other caches of category settings drop theirs). */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Drops the cache (a category column was written elsewhere, e.g. the payment settings). */
  invalidate(): void {
    this.cached = null;
  }

  private async load() {
    const t = this.now();
    if (this.cached && t - this.cached.at < CACHE_MS) return this.cached;
    const [list, counts] = await Promise.all([this.repo.list(), this.repo.activeCounts()]);
    this.cached = { at: t, list, counts };
    return this.cached;
  }

  async list(): Promise<Category[]> {
    return (await this.load()).list;
  }

  async get(id: string): Promise<Category | null> {
    return (await this.list()).find((c) => c.id === id) ?? null;
  }

  /** Every category with its depth and active auctions including descendants (at most 10 s old). */
  async tree(): Promise<CategoryNode[]> {
    const { list, counts } = await this.load();
    const byId = new Map(list.map((c) => [c.id, c]));
    const total = new Map<string, number>();
    const depth = new Map<string, number>();
    for (const c of list) {
      const path = ancestry(byId, c.id);
      depth.set(c.id, path.length - 1);
      for (const a of path) total.set(a.id, (total.get(a.id) ?? 0) + (counts.get(c.id) ?? 0));
    }
    return list.map((c) => ({ ...c, activeAuctions: total.get(c.id) ?? 0, depth: depth.get(c.id) ?? 0 }));
  }

  /** The settings and rules in force for a category, inherited from its ancestors. */
  async effective(id: string): Promise<EffectiveSettings | null> {
    const byId = new Map((await this.list()).map((c) => [c.id, c]));
    if (!byId.has(id)) return null;
    return effectiveSettings(ancestry(byId, id).map(own));
  }

  /** Throws 422 CATEGORY_RULE_VIOLATED when the listing breaks a rule in force for the category. */
  async checkListing(categoryId: string, facts: ListingFacts): Promise<void> {
    const eff = await this.effective(categoryId);
    if (!eff) throw new AppError('CATEGORY_NOT_FOUND', `No category '${categoryId}'`, { field: 'categoryId' }, 422);
    const problem = checkListing(eff.rules, facts);
    if (problem) throw AppError.from(problem, 422);
  }

  /** Admin: a new category; its id is its slug. */
  async create(actorId: string, c: CategoryChange & { name: string; slug: string }): Promise<Category> {
    this.checkSlug(c.slug);
    if (c.parentId) await this.requireCategory(c.parentId, 'parentId');
    if (!(await this.repo.insert(c.slug, c, this.audit(actorId, 'category.created', c.slug, c))))
      throw new AppError('SLUG_TAKEN', `The slug '${c.slug}' is taken`, { field: 'slug' }, 409);
    this.changed();
    return (await this.get(c.slug)) as Category;
  }

  /** Admin: changes a category; refuses a parent that would make it its own ancestor. */
  async update(actorId: string, id: string, c: CategoryChange): Promise<Category> {
    await this.requireCategory(id, 'id', 404);
    if (c.slug !== undefined) this.checkSlug(c.slug);
    if (c.parentId) {
      await this.requireCategory(c.parentId, 'parentId');
      const byId = new Map((await this.list()).map((x) => [x.id, x]));
      if (wouldCycle(byId, id, c.parentId))
        throw new AppError('CATEGORY_CYCLE', 'A category cannot be placed under itself or one of its descendants', { field: 'parentId' }, 422);
    }
    if (c.slug !== undefined && (await this.list()).some((x) => x.id !== id && (x.slug ?? x.id) === c.slug))
      throw new AppError('SLUG_TAKEN', `The slug '${c.slug}' is taken`, { field: 'slug' }, 409);
    await this.repo.update(id, c, this.audit(actorId, 'category.updated', id, c));
    this.changed();
    return (await this.get(id)) as Category;
  }

  private checkSlug(slug: string): void {
    if (!SLUG.test(slug) || slug.length > 64)
      throw new AppError('VALIDATION_FAILED', 'A slug is lowercase words joined by single hyphens', { field: 'slug' }, 400);
  }

  private async requireCategory(id: string, field: string, status = 422): Promise<void> {
    this.cached = null;
    if (!(await this.get(id))) throw new AppError('CATEGORY_NOT_FOUND', `No category '${id}'`, { field }, status);
  }

  private audit(actorId: string, action: string, categoryId: string, change: CategoryChange): CategoryAudit {
    return { actorId, action, data: { categoryId, change }, now: this.now() };
  }

  private changed(): void {
    this.cached = null;
    for (const fn of this.listeners) fn();
  }

  /** Operator-only (seed, CLI). Ids are slugs, so that every category can be named in a URL the API accepts. */
  async upsert(c: Category & { sortOrder?: number }): Promise<void> {
    if (!CATEGORY_ID.test(c.id)) throw new Error(`category id '${c.id}' must match ${CATEGORY_ID_PATTERN}`);
    await this.repo.upsert(c);
    this.cached = null;
  }
}

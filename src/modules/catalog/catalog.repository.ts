import type { Sql, Tx } from '../../platform/db.js';
import { appendAudit } from '../audit/index.js';
import type { CategoryRules, Verification } from './domain/category.rules.js';

/** A category of the catalogue tree, with what it sets itself (null = inherited). */
export interface Category {
  id: string;
  name: string;
  parentId: string | null;
  increments: { from: number; increment: number }[] | null;
  slug?: string;
  commissionBps?: number | null;
  verificationRequired?: Verification | null;
  rules?: CategoryRules;
}

/** A change to a category; absent fields stay as they are. */
export interface CategoryChange {
  name?: string;
  slug?: string;
  parentId?: string | null;
  commissionBps?: number | null;
  verificationRequired?: Verification | null;
  rules?: CategoryRules;
}

interface Row {
  id: string;
  name: string;
  parent_id: string | null;
  increments: Category['increments'];
  slug: string;
  commission_bps: number | null;
  verification_required: Verification | null;
  rules: CategoryRules;
}

/** Who changed a category and how, audited in the change's transaction. */
export interface CategoryAudit {
  actorId: string;
  action: string;
  data: Record<string, unknown>;
  now: number;
}

const audit = (tx: Tx, id: string, a: CategoryAudit) =>
  appendAudit(tx, { actorId: a.actorId, action: a.action, subjectType: 'category', subjectId: id, data: a.data }, new Date(a.now));

/** Categories in PostgreSQL. */
export class CatalogRepository {
  constructor(private readonly sql: Sql) {}

  async list(): Promise<Category[]> {
    const rows = await this.sql<Row[]>`
      select id, name, parent_id, increments, coalesce(slug, id) as slug, commission_bps, verification_required, rules
      from categories order by sort_order, name`;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      parentId: r.parent_id,
      increments: r.increments,
      slug: r.slug,
      commissionBps: r.commission_bps,
      verificationRequired: r.verification_required,
      rules: r.rules,
    }));
  }

  async upsert(c: Category & { sortOrder?: number }): Promise<void> {
    await this.sql`
      insert into categories (id, name, parent_id, increments, sort_order)
      values (${c.id}, ${c.name}, ${c.parentId}, ${c.increments ? this.sql.json(c.increments) : null}, ${c.sortOrder ?? 0})
      on conflict (id) do update set name = excluded.name, parent_id = excluded.parent_id,
        increments = excluded.increments, sort_order = excluded.sort_order`;
  }

  /** Inserts a new category (audited with it); false when the id or slug is taken. */
  async insert(id: string, c: Required<Pick<CategoryChange, 'name' | 'slug'>> & CategoryChange, a: CategoryAudit): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const rows = await tx`
        insert into categories (id, name, slug, parent_id, commission_bps, verification_required, rules)
        values (${id}, ${c.name}, ${c.slug}, ${c.parentId ?? null}, ${c.commissionBps ?? null},
          ${c.verificationRequired ?? null}, ${tx.json((c.rules ?? {}) as never)})
        on conflict do nothing returning id`;
      if (rows.length === 1) await audit(tx, id, a);
      return rows.length === 1;
    });
  }

  /** Changes the given fields (audited with the change; nothing to change, nothing audited). */
  async update(id: string, c: CategoryChange, a: CategoryAudit): Promise<void> {
    const set: Record<string, unknown> = {};
    if (c.name !== undefined) set.name = c.name;
    if (c.slug !== undefined) set.slug = c.slug;
    if (c.parentId !== undefined) set.parent_id = c.parentId;
    if (c.commissionBps !== undefined) set.commission_bps = c.commissionBps;
    if (c.verificationRequired !== undefined) set.verification_required = c.verificationRequired;
    if (c.rules !== undefined) set.rules = this.sql.json(c.rules as never);
    if (Object.keys(set).length === 0) return;
    await this.sql.begin(async (tx) => {
      await tx`update categories set ${tx(set)} where id = ${id}`;
      await audit(tx, id, a);
    });
  }

  /** Active auctions per category (own only; the service adds descendants). */
  async activeCounts(): Promise<Map<string, number>> {
    const rows = await this.sql<{ category_id: string; n: number }[]>`
      select category_id, count(*)::int as n from auctions
      where status = 'active' and category_id is not null group by category_id`;
    return new Map(rows.map((r) => [r.category_id, r.n]));
  }
}

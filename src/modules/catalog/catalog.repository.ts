import type { Sql } from '../../platform/db.js';

/** A category of the catalogue tree. */
export interface Category {
  id: string;
  name: string;
  parentId: string | null;
  increments: { from: number; increment: number }[] | null;
}

/** Categories in PostgreSQL. */
export class CatalogRepository {
  constructor(private readonly sql: Sql) {}

  async list(): Promise<Category[]> {
    const rows = await this.sql<{ id: string; name: string; parent_id: string | null; increments: Category['increments'] }[]>`
      select id, name, parent_id, increments from categories order by sort_order, name`;
    return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id, increments: r.increments }));
  }

  async upsert(c: Category & { sortOrder?: number }): Promise<void> {
    await this.sql`
      insert into categories (id, name, parent_id, increments, sort_order)
      values (${c.id}, ${c.name}, ${c.parentId}, ${c.increments ? this.sql.json(c.increments) : null}, ${c.sortOrder ?? 0})
      on conflict (id) do update set name = excluded.name, parent_id = excluded.parent_id,
        increments = excluded.increments, sort_order = excluded.sort_order`;
  }
}

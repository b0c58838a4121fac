import type { Sql } from '../../platform/db.js';

/** A stored upload's metadata (no bytes). */
export interface UploadInfo {
  id: string;
  ownerId: string;
  contentType: string;
  size: number;
  createdAt: Date;
}

/** A stored upload with its bytes, for serving. */
export interface UploadFile {
  contentType: string;
  bytes: Buffer;
}

/** Uploaded images in PostgreSQL (`uploads`). */
export class UploadsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(u: UploadInfo & { bytes: Buffer }): Promise<void> {
    await this.sql`
      insert into uploads (id, owner_id, content_type, bytes, size, created_at)
      values (${u.id}, ${u.ownerId}, ${u.contentType}, ${u.bytes}, ${u.size}, ${u.createdAt})`;
  }

  async file(id: string): Promise<UploadFile | null> {
    const [row] = await this.sql<{ content_type: string; bytes: Buffer }[]>`
      select content_type, bytes from uploads where id = ${id}`;
    return row ? { contentType: row.content_type, bytes: row.bytes } : null;
  }

  async info(id: string): Promise<UploadInfo | null> {
    const [row] = await this.sql<{ id: string; owner_id: string; content_type: string; size: number; created_at: Date }[]>`
      select id, owner_id, content_type, size, created_at from uploads where id = ${id}`;
    return row ? { id: row.id, ownerId: row.owner_id, contentType: row.content_type, size: row.size, createdAt: row.created_at } : null;
  }
}

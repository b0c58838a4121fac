import type { Sql } from '../../platform/db.js';
import type { VariantName } from './domain/variants.js';
import type { EncodedImage } from './image.processing.js';

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
  etag: string;
  /** Null when the caller's validator matched: nothing needs sending. */
  bytes: Buffer | null;
}

/** An upload's size and its variants' sizes, for listings that show it. */
export interface UploadedImage {
  id: string;
  ownerId: string;
  width: number | null;
  height: number | null;
  variants: Partial<Record<VariantName, { width: number; height: number }>>;
}

/** Uploaded images in PostgreSQL (`uploads`, `upload_variants`). */
export class UploadsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(u: UploadInfo & EncodedImage, variants: Record<VariantName, EncodedImage>): Promise<void> {
    const vs = Object.entries(variants) as [VariantName, EncodedImage][];
    await this.sql.begin(async (tx) => {
      await tx`
        insert into uploads (id, owner_id, content_type, bytes, size, created_at, width, height, etag)
        values (${u.id}, ${u.ownerId}, ${u.contentType}, ${u.bytes}, ${u.size}, ${u.createdAt}, ${u.width}, ${u.height}, ${u.etag})`;
      for (const [name, v] of vs) {
        await tx`
          insert into upload_variants (upload_id, name, content_type, width, height, size, etag, bytes)
          values (${u.id}, ${name}, ${v.contentType}, ${v.width}, ${v.height}, ${v.bytes.length}, ${v.etag}, ${v.bytes})`;
      }
    });
  }

  /**
   * The original (variant null) or one variant. When one of `knownTags` is its ETag
   * the bytes are not read at all (a revalidation costs one index look-up).
   */
  async file(id: string, variant: VariantName | null, knownTags: string[] = []): Promise<UploadFile | null> {
    const [row] = variant
      ? await this.sql<{ content_type: string; etag: string; bytes: Buffer | null }[]>`
          select content_type, etag, case when etag = any(${knownTags}::text[]) then null else bytes end as bytes
          from upload_variants where upload_id = ${id} and name = ${variant}`
      : await this.sql<{ content_type: string; etag: string; bytes: Buffer | null }[]>`
          select content_type, etag, case when etag = any(${knownTags}::text[]) then null else bytes end as bytes
          from uploads where id = ${id}`;
    return row ? { contentType: row.content_type, etag: row.etag, bytes: row.bytes } : null;
  }

  /** The sizes of these uploads and their variants (unknown ids left out). */
  async images(ids: string[]): Promise<UploadedImage[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<
      { id: string; owner_id: string; width: number | null; height: number | null; variants: Record<string, { width: number; height: number }> | null }[]
    >`
      select u.id, u.owner_id, u.width, u.height,
        (select jsonb_object_agg(v.name, jsonb_build_object('width', v.width, 'height', v.height))
         from upload_variants v where v.upload_id = u.id) as variants
      from uploads u where u.id = any(${ids}::uuid[])`;
    return rows.map((r) => ({ id: r.id, ownerId: r.owner_id, width: r.width, height: r.height, variants: r.variants ?? {} }));
  }

  async info(id: string): Promise<UploadInfo | null> {
    const [row] = await this.sql<{ id: string; owner_id: string; content_type: string; size: number; created_at: Date }[]>`
      select id, owner_id, content_type, size, created_at from uploads where id = ${id}`;
    return row ? { id: row.id, ownerId: row.owner_id, contentType: row.content_type, size: row.size, createdAt: row.created_at } : null;
  }
}

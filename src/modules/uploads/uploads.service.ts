import type { Clock } from '../../platform/clock.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import { checkImage, isImageType } from './domain/image.js';
import { VARIANT_NAMES, type VariantName } from './domain/variants.js';
import { processImage } from './image.processing.js';
import type { UploadedImage, UploadFile, UploadInfo, UploadsRepository } from './uploads.repository.js';

/** A stored upload as the upload answer describes it. */
export interface StoredUpload extends UploadInfo {
  width: number;
  height: number;
  variants: Record<VariantName, { width: number; height: number }>;
}

/** Stores images users upload (decoded, stripped of metadata, resized) and hands them back by id. */
export class UploadService {
  constructor(
    private readonly repo: UploadsRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Stores the bytes when they are a readable image of the declared type and an accepted size. */
  async upload(ownerId: string, declaredType: string, bytes: Buffer): Promise<Result<StoredUpload>> {
    const rejection = checkImage(declaredType, bytes);
    if (rejection || !isImageType(declaredType)) {
      const r = rejection ?? { code: 'UNSUPPORTED_MEDIA_TYPE', message: declaredType };
      return fail(r.code, r.message, { contentType: declaredType });
    }
    const processed = await processImage(declaredType, bytes);
    if (!processed.ok) return processed;
    const img = processed.value;
    const info: UploadInfo = {
      id: this.ids.next(),
      ownerId,
      contentType: declaredType,
      size: img.bytes.length,
      createdAt: new Date(this.clock.now()),
    };
    await this.repo.insert({ ...info, ...img, contentType: declaredType }, img.variants);
    const variants = Object.fromEntries(VARIANT_NAMES.map((n) => [n, { width: img.variants[n].width, height: img.variants[n].height }]));
    return ok({ ...info, width: img.width, height: img.height, variants: variants as StoredUpload['variants'] });
  }

  /**
   * The stored image (the original, or one variant), or null for an unknown or
   * malformed id. `knownTags` are the caller's ETags: on a match the bytes are null.
   */
  async file(id: string, variant: VariantName | null = null, knownTags: string[] = []): Promise<UploadFile | null> {
    if (!isUuid(id)) return null;
    return this.repo.file(id, variant, knownTags);
  }

  /** Sizes of these uploads and their variants, for listings (unknown ids left out). */
  async images(ids: string[]): Promise<UploadedImage[]> {
    return this.repo.images([...new Set(ids.filter(isUuid))]);
  }

  /** An upload's owner and type (no bytes), or null for an unknown or malformed id. */
  async info(id: string): Promise<UploadInfo | null> {
    if (!isUuid(id)) return null;
    return this.repo.info(id);
  }
}

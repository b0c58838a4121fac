import type { Clock } from '../../platform/clock.js';
import { fail, ok, type Result } from '../../platform/errors.js';
import { type IdGenerator, isUuid } from '../../platform/ids.js';
import { checkImage } from './domain/image.js';
import type { UploadFile, UploadInfo, UploadsRepository } from './uploads.repository.js';

/** Stores images users upload and hands them back by id. */
export class UploadService {
  constructor(
    private readonly repo: UploadsRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Stores the bytes when they are an accepted image of the declared type. */
  async upload(ownerId: string, declaredType: string, bytes: Buffer): Promise<Result<UploadInfo>> {
    const rejection = checkImage(declaredType, bytes);
    if (rejection) return fail(rejection.code, rejection.message, { contentType: declaredType });
    const info: UploadInfo = {
      id: this.ids.next(),
      ownerId,
      contentType: declaredType,
      size: bytes.length,
      createdAt: new Date(this.clock.now()),
    };
    await this.repo.insert({ ...info, bytes });
    return ok(info);
  }

  /** The stored image, or null for an unknown or malformed id. */
  async file(id: string): Promise<UploadFile | null> {
    if (!isUuid(id)) return null;
    return this.repo.file(id);
  }

  /** An upload's owner and type (no bytes), or null for an unknown or malformed id. */
  async info(id: string): Promise<UploadInfo | null> {
    if (!isUuid(id)) return null;
    return this.repo.info(id);
  }
}

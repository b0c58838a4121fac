/** The uploads wire contract. */
import { type Static, Type } from 'typebox';
import { IdParam, Strict } from './common.js';

/** The answer to an upload: `url` is absolute, ready for an auction's `imageUrls`. */
export const UploadResponse = Type.Object(
  {
    id: Type.String(),
    url: Type.String({ format: 'uri' }),
    contentType: Type.String(),
    size: Type.Integer(),
  },
  { $id: 'Upload' },
);
export type Upload = Static<typeof UploadResponse>;

/** Where stored uploads are served from (outside `/api/v1`: plain, cacheable files). */
export const UPLOADS_PATH = '/uploads';

/** The same-origin path of a stored upload. */
export const uploadPath = (id: string): string => `${UPLOADS_PATH}/${id}`;

// A malformed id is a 404 like an unknown one.
export const UploadIdParams = Strict({ id: IdParam('UPLOAD_NOT_FOUND') });

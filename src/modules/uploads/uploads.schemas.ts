import { Type } from 'typebox';
import { Strict } from '../../platform/schemas.js';

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

// No length rule: a malformed id is a 404 like an unknown one (the service checks it is a UUID).
export const UploadIdParams = Strict({ id: Type.String() });

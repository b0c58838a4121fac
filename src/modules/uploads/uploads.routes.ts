import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { unwrap } from '../../platform/http.js';
import { errors } from '../../platform/schemas.js';
import { requireUser } from '../identity/index.js';
import { IMAGE_TYPES } from './domain/image.js';
import { UPLOADS_PATH, UploadIdParams, UploadResponse } from '../../shared/api/uploads.js';
import type { UploadService } from './uploads.service.js';

export { UPLOADS_PATH };

/**
 * `POST /uploads` under the API prefix: the raw image is the body. Register inside
 * the authenticated API scope. The buffer parser is encapsulated in this plugin, so
 * no other route accepts image bodies.
 */
export const uploadApiRoutes: FastifyPluginAsyncTypebox<{ uploads: UploadService; maxBytes: number }> = async (
  app,
  { uploads, maxBytes },
) => {
  // Any non-JSON body is read as bytes so that a wrong type gets our own 415, not a JSON hint.
  app.addContentTypeParser([...IMAGE_TYPES], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addSchema(UploadResponse);

  app.post(
    '/uploads',
    {
      bodyLimit: maxBytes,
      // Refuse anonymous callers before reading (up to maxBytes of) the body.
      onRequest: async (req) => {
        requireUser(req);
      },
      schema: {
        tags: ['uploads'],
        summary: `Upload an image (raw body, Content-Type ${IMAGE_TYPES.join(', ')}); answers its absolute URL`,
        security: [{ bearer: [] }],
        response: { 201: Type.Ref('Upload'), ...errors(401, 413, 415, 422) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const declared = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the image itself as the body, as ${IMAGE_TYPES.join(', ')}`);
      }
      const info = unwrap(await uploads.upload(user.userId, declared, req.body));
      return reply.status(201).send({
        id: info.id,
        url: `${req.protocol}://${req.host}${UPLOADS_PATH}/${info.id}`,
        contentType: info.contentType,
        size: info.size,
      });
    },
  );
};

/** `GET /uploads/:id`: the stored bytes, cacheable forever (uploads never change). */
export const uploadFileRoutes: FastifyPluginAsyncTypebox<{ uploads: UploadService }> = async (app, { uploads }) => {
  app.get(
    `${UPLOADS_PATH}/:id`,
    {
      schema: {
        tags: ['uploads'],
        summary: 'An uploaded image (public, immutable)',
        params: UploadIdParams,
        response: { ...errors(404) },
      },
    },
    async (req, reply) => {
      const file = await uploads.file(req.params.id);
      if (!file) throw new AppError('UPLOAD_NOT_FOUND', 'No upload with this id');
      return reply
        .header('content-type', file.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-length', file.bytes.length)
        .send(file.bytes);
    },
  );
};

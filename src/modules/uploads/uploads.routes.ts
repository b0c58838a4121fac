import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { unwrap } from '../../platform/http.js';
import { errors } from '../../platform/schemas.js';
import { requireUser } from '../identity/index.js';
import { IMAGE_TYPES } from './domain/image.js';
import { VARIANT_NAMES, type VariantName } from './domain/variants.js';
import { UploadIdParams, UploadResponse, UploadVariantParams, type Upload } from '../../shared/api/uploads.js';
import { UPLOADS_PATH, uploadPath, variantPath } from './uploads.paths.js';
import type { StoredUpload, UploadService } from './uploads.service.js';

export { UPLOADS_PATH };

/** The upload answer: absolute URLs on the origin the caller used. */
function presentUpload(req: FastifyRequest, u: StoredUpload): Upload {
  const origin = `${req.protocol}://${req.host}`;
  const variant = (name: VariantName) => ({ url: `${origin}${variantPath(u.id, name)}`, ...u.variants[name] });
  return {
    id: u.id,
    url: `${origin}${uploadPath(u.id)}`,
    contentType: u.contentType,
    size: u.size,
    width: u.width,
    height: u.height,
    variants: { thumbnail: variant('thumbnail'), listing: variant('listing'), zoom: variant('zoom') },
  };
}

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
        summary: `Upload an image (raw body, Content-Type ${IMAGE_TYPES.join(', ')}); answers its URL and its resized variants`,
        description: `The image is decoded and re-encoded without its metadata (EXIF, GPS). Variants: ${VARIANT_NAMES.join(', ')}. An unreadable image, or one larger than the limits, is 422.`,
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
      const stored = unwrap(await uploads.upload(user.userId, declared, req.body));
      return reply.status(201).send(presentUpload(req, stored));
    },
  );
};

/** The entity tags of an If-None-Match header, quotes and weak prefixes removed ('*' kept). */
export function requestedTags(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter((t) => t.length > 0 && t.length <= 128);
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

async function sendFile(uploads: UploadService, req: FastifyRequest, reply: FastifyReply, id: string, variant: VariantName | null) {
  const tags = requestedTags(req.headers['if-none-match']);
  const file = await uploads.file(id, variant, tags);
  if (!file) throw new AppError('UPLOAD_NOT_FOUND', 'No upload with this id');
  reply.header('cache-control', IMMUTABLE).header('etag', `"${file.etag}"`).header('x-content-type-options', 'nosniff');
  if (file.bytes === null || tags.includes('*')) return reply.status(304).send();
  return reply.header('content-type', file.contentType).header('content-length', file.bytes.length).send(file.bytes);
}

const notModified = { 304: Type.Null({ description: 'Not modified: the If-None-Match tag is current' }) };

/**
 * `GET /uploads/:id` (the original) and `GET /uploads/:id/:variant`: cacheable
 * forever (uploads never change), with a strong ETag (the bytes' SHA-256) for
 * revalidation.
 */
export const uploadFileRoutes: FastifyPluginAsyncTypebox<{ uploads: UploadService }> = async (app, { uploads }) => {
  app.get(
    `${UPLOADS_PATH}/:id`,
    {
      schema: {
        tags: ['uploads'],
        summary: 'An uploaded image, without its metadata (public, immutable)',
        params: UploadIdParams,
        response: { ...notModified, ...errors(404) },
      },
    },
    async (req, reply) => sendFile(uploads, req, reply, req.params.id, null),
  );
  app.get(
    `${UPLOADS_PATH}/:id/:variant`,
    {
      schema: {
        tags: ['uploads'],
        summary: `A resized copy of an uploaded image (${VARIANT_NAMES.join(', ')}; public, immutable)`,
        params: UploadVariantParams,
        response: { ...notModified, ...errors(404) },
      },
    },
    async (req, reply) => sendFile(uploads, req, reply, req.params.id, req.params.variant),
  );
};

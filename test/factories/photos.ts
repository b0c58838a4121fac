import type { FastifyInstance } from 'fastify';
import { type Angle, photoSvg, type Subject } from '../../src/seed/demo-photos.js';
import { renderPhoto } from '../../src/seed/photo.scene.js';
import { bearer } from './users.js';

/** Uploads one drawn photograph (the demo seed's drawings) as `token`'s user; answers the upload id. */
export async function uploadPhoto(app: FastifyInstance, token: string, subject: Subject, seed: string, angle: Angle = 'front'): Promise<string> {
  const payload = await renderPhoto(photoSvg({ subject, angle, seed }));
  const res = await app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': 'image/jpeg', ...bearer(token) }, payload });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

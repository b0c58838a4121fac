import { isUuid } from '../../platform/ids.js';
import type { VariantName } from './domain/variants.js';

import { UPLOADS_PATH } from '../../shared/api/uploads.js';

export { UPLOADS_PATH, uploadPath } from '../../shared/api/uploads.js';

/** The site-relative path of one variant; stable, since uploads never change. */
export const variantPath = (id: string, name: VariantName): string => `${UPLOADS_PATH}/${id}/${name}`;

/**
 * The upload id a URL of ours points at (`…/uploads/<id>`, any origin, as the upload
 * answer's `url` reads), or null. Lets listings that send plain upload URLs get variants.
 */
export function uploadIdOfUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url, 'http://local').pathname;
  } catch {
    return null;
  }
  const m = /^\/uploads\/([0-9a-fA-F-]{36})$/.exec(path);
  return m?.[1] && isUuid(m[1]) ? m[1].toLowerCase() : null;
}

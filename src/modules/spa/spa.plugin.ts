import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `vite build` writes the web app: `<repo>/dist/web` from both `src/` and `dist/`. */
export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

/** Paths that belong to the server; the SPA fallback never answers them. */
const SERVER_PREFIXES = ['/api', '/docs', '/livez', '/readyz', '/metrics', '/ws', '/sse', '/uploads'];

/** Lists the built files once: the build is immutable while the process runs. */
function listFiles(root: string, dir = ''): Set<string> {
  const out = new Set<string>();
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) for (const f of listFiles(root, rel)) out.add(f);
    else out.add(rel);
  }
  return out;
}

/** True when the path is for the server (API, docs, health, metrics, realtime). */
export function isServerPath(urlPath: string): boolean {
  return SERVER_PREFIXES.some((p) => urlPath === p || urlPath.startsWith(`${p}/`));
}

/**
 * Serves the built web app at `/`: known files as they are (hashed assets cached
 * for a year), and `index.html` for any other GET that asks for HTML so client-side
 * routes survive a reload. Everything else falls through to the JSON 404.
 * Register it after the API routes; when the app was not built, it serves nothing.
 */
export async function webApp(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? DEFAULT_WEB_ROOT;
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.info({ root }, 'web app not built; serving the API only');
    return;
  }
  const files = listFiles(root);
  await app.register(fastifyStatic, { root, serve: false });

  const index = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/'));
    } catch {
      return reply.callNotFound();
    }
    if (urlPath === '/' || urlPath === '/index.html') return index(reply);
    const rel = urlPath.slice(1);
    if (!isServerPath(urlPath) && files.has(rel)) {
      const hashed = rel.startsWith('assets/');
      return reply.sendFile(rel, hashed ? { maxAge: 31_536_000_000, immutable: true } : { maxAge: 0 });
    }
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml && !isServerPath(urlPath) && !path.extname(urlPath)) return index(reply);
    return reply.callNotFound();
  };
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
}

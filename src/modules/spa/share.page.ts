import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AuctionView } from '../../shared/api/auctions.js';
import { formatDateTime, formatMoney } from '../../shared/format.js';
import { translatorFor } from '../../shared/i18n/index.js';
import { DEFAULT_WEB_ROOT } from './spa.plugin.js';

/** The page when the web app was not built (API-only runs and tests): the same tags, no app. */
const BARE_PAGE = '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Gavel</title>\n</head>\n<body><div id="root"></div></body>\n</html>\n';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an HTML attribute or element. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The Open Graph and Twitter card tags of one auction; `base` makes its URLs absolute. */
export function shareTags(a: AuctionView, base: string): string {
  const t = translatorFor('en').t;
  const price = formatMoney(a.currentPrice ?? a.startingPrice, a.currency, 'en');
  const description = t('share:preview', { price, end: formatDateTime(a.endsAt, { language: 'en', timeZone: 'UTC' }) });
  const image = a.images[0]?.url ?? a.imageUrls[0];
  const tags: [string, string, string][] = [
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', 'Gavel'],
    ['property', 'og:title', a.title],
    ['property', 'og:description', description],
    ['property', 'og:url', new URL(`/a/${a.id}`, base).href],
    ...(image ? ([['property', 'og:image', new URL(image, base).href]] as [string, string, string][]) : []),
    ['property', 'product:price:amount', String(a.currentPrice ?? a.startingPrice)],
    ['property', 'product:price:currency', a.currency],
    ['property', 'auction:end_time', a.endsAt],
    ['name', 'twitter:card', image ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', a.title],
    ['name', 'twitter:description', description],
    ...(image ? ([['name', 'twitter:image', new URL(image, base).href]] as [string, string, string][]) : []),
  ];
  return tags.map(([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeHtml(value)}">`).join('\n');
}

/** Puts `head` (and the listing's title) into the page's <head>. */
function inject(html: string, head: string, title: string | null): string {
  const titled = title === null ? html : html.replace(/<title>[^<]*<\/title>/i, `<title>${escapeHtml(title)}</title>`);
  return titled.includes('</head>') ? titled.replace('</head>', `${head}\n</head>`) : `${head}\n${titled}`;
}

/**
 * `GET /a/:id`: a shareable link to an auction. Chat apps that preview links read
 * the tags from the HTML and run no script, so the server puts them in; browsers
 * get the web app, which shows the auction. An unknown id is the app's page with 404.
 */
export async function sharePage(
  app: FastifyInstance,
  opts: { lookup: (id: string) => Promise<AuctionView | null>; publicUrl?: string | undefined; root?: string },
): Promise<void> {
  const file = path.join(opts.root ?? DEFAULT_WEB_ROOT, 'index.html');
  const html = existsSync(file) ? readFileSync(file, 'utf8') : BARE_PAGE;
  app.get<{ Params: { id: string } }>('/a/:id', { schema: { hide: true } }, async (req, reply) => {
    const auction = await opts.lookup(req.params.id);
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache');
    if (!auction) return reply.status(404).send(html);
    const base = opts.publicUrl ?? `${req.protocol}://${req.host}`;
    return reply.send(inject(html, shareTags(auction, base), auction.title));
  });
}

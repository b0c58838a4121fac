import type { AuctionView as Auction } from '../../../../shared/api/auctions';
import { dateTime } from '../../format';
import { useT } from '../../i18n';
import { Picture } from '../Picture';

/** The seller's dated additions after listing ("Seller added on ..."), oldest first. */
export function Revisions({ a }: { a: Auction }) {
  const { t } = useT('revisions');
  const items = a.revisions ?? [];
  if (items.length === 0) return null;
  return (
    <section className="panel revisions" aria-labelledby="revisions-h">
      <h2 id="revisions-h">{t('heading')}</h2>
      <ol className="revision-list">
        {items.map((r, i) => (
          <li key={`${r.at}-${i}`}>
            <p className="muted">{t('addedOn', { at: dateTime(r.at) })}</p>
            {r.description ? <p className="description">{r.description}</p> : null}
            {r.images ? (
              <div className="revision-photos">
                <p>{t('photos', { count: r.images.length })}</p>
                {/* The added photos are in the gallery too; here each is a thumbnail linking to its largest size. */}
                <ul className="thumbs">
                  {r.images.map((img, j) => (
                    <li key={j}>
                      <a className="thumb-btn" href={img.variants?.zoom.url ?? img.url} target="_blank" rel="noreferrer">
                        <Picture image={img} size="thumbnail" sizes="64px" />
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {r.specifications ? (
              <dl className="specs">
                {r.specifications.map((s) => (
                  <div key={s.name}>
                    <dt>{s.name}</dt>
                    <dd>{s.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "12 views", when the server counts them. */
export function ViewCount({ a }: { a: Auction }) {
  const { t } = useT('revisions');
  if (a.views === undefined) return null;
  return <span className="view-count muted">{t('views', { count: a.views })}</span>;
}

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api';
import { useServerNow } from '../clock';
import { Countdown, ErrorNote, Loading, StatusPill, Thumb, isOver } from '../components/ui';
import { DetailsPanel } from '../components/item-details';
import { dateTime, duration, durationWords, money, timeAgo, toDecimal, toMinor, typeLabel } from '../format';
import { useCategories } from '../hooks';
import { useAuctionLive } from '../auction-live';
import { Link, usePageTitle } from '../router';
import { useSession } from '../session';
import { dutchPriceAt } from '../../../modules/auctions/domain';
import type { AuctionView as Auction, BidView as Bid } from '../../../shared/api/auctions';

const sealed = (a: Auction) => a.type === 'sealed_first_price' || a.type === 'sealed_second_price';

/** The Dutch clock price now: the server's own rule, run on the server's clock. */
const dutchPrice = (a: Auction, now: number): number =>
  dutchPriceAt({ startingPrice: a.startingPrice, startsAt: Date.parse(a.startsAt), dutch: a.dutch }, now);

function bidErrorText(e: unknown, a: Auction): string {
  if (e instanceof ApiError && e.code === 'BID_TOO_LOW' && typeof e.details?.minimum === 'number') {
    return `Your bid is too low. The minimum is now ${money(e.details.minimum, a.currency)}.`;
  }
  return e instanceof ApiError ? e.message : 'Something went wrong. Please try again.';
}

/** "You are winning" / "You have been outbid": from the live view of this viewer. */
function ViewerState({ a }: { a: Auction }) {
  const v = a.viewer;
  if (!v || v.isSeller || v.myMax === null) return null;
  if (a.status === 'closed') {
    const won = a.result?.winnerId !== null && v.leading === true;
    return (
      <p className={won ? 'state state-good' : 'state state-bad'} data-testid="viewer-state">
        {won ? 'You won this auction.' : 'This auction ended. You did not win.'}
      </p>
    );
  }
  if (sealed(a)) {
    return (
      <p className="state state-info" data-testid="viewer-state">
        Your sealed bid: <strong>{money(v.myMax, a.currency)}</strong>. You can raise or lower it until the end.
      </p>
    );
  }
  if (v.leading) {
    return (
      <p className="state state-good" data-testid="viewer-state">
        You are winning. Your maximum is {money(v.myMax, a.currency)}; we bid for you only as far as needed.
      </p>
    );
  }
  return (
    <p className="state state-bad" role="alert" data-testid="viewer-state">
      You have been outbid. Bid again to get back in front.
    </p>
  );
}

function EnglishBid({ a, onDone }: { a: Auction; onDone: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const min = a.minimumBid ?? a.startingPrice;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setOk(null);
    const amount = toMinor(text, a.currency);
    if (amount === null) return setError('Enter an amount like 25 or 25.50.');
    if (amount < min) return setError(`Your maximum must be at least ${money(min, a.currency)}.`);
    setBusy(true);
    setError(null);
    try {
      const r = await api.placeBid(a.id, amount);
      setText('');
      setOk(
        r.auction.leading
          ? `Bid placed. You are winning at ${money(r.auction.currentPrice, a.currency)}.`
          : 'Bid placed, but another bidder has a higher maximum. Try a higher amount.',
      );
      await onDone();
    } catch (err) {
      setError(bidErrorText(err, a));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="bid-form" onSubmit={submit} aria-describedby="proxy-help">
      <label htmlFor="bid-amount">Your maximum bid ({a.currency})</label>
      <div className="input-row">
        <input
          id="bid-amount"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder={toDecimal(min, a.currency)}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Placing…' : 'Place bid'}
        </button>
      </div>
      <p className="hint" data-testid="minimum-bid">
        Minimum bid: <strong>{money(min, a.currency)}</strong>
      </p>
      <p className="hint" id="proxy-help">
        Proxy bidding: enter the most you are willing to pay. We bid for you one step at a time, only as much as needed to keep you in
        front, and never above your maximum. Other bidders never see your maximum.
      </p>
      <ErrorNote>{error}</ErrorNote>
      {ok ? (
        <p className="note note-ok" role="status">
          {ok}
        </p>
      ) : null}
    </form>
  );
}

function BuyNow({ a, onDone }: { a: Auction; onDone: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!a.buyNowAvailable || a.buyNowPrice === null) return null;
  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.buyNow(a.id);
      await onDone();
    } catch (err) {
      setError(bidErrorText(err, a));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };
  return (
    <div className="buy-now">
      {confirm ? (
        <div className="confirm">
          <p>
            Buy now for <strong>{money(a.buyNowPrice, a.currency)}</strong>? This ends the auction.
          </p>
          <button type="button" className="button button-accent" onClick={() => void buy()} disabled={busy}>
            {busy ? 'Buying…' : 'Yes, buy it'}
          </button>{' '}
          <button type="button" className="button button-ghost" onClick={() => setConfirm(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="button button-accent" onClick={() => setConfirm(true)}>
          Buy now for {money(a.buyNowPrice, a.currency)}
        </button>
      )}
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}

function DutchAccept({ a, onDone }: { a: Auction; onDone: () => Promise<void> }) {
  const now = useServerNow(250);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const price = dutchPrice(a, now);
  const d = a.dutch;
  const start = Date.parse(a.startsAt);
  const nextDrop =
    d && price > d.floorPrice && now >= start ? d.intervalSeconds * 1000 - ((now - start) % (d.intervalSeconds * 1000)) : null;
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.placeBid(a.id, null);
      await onDone();
    } catch (err) {
      setError(bidErrorText(err, a));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dutch">
      <p className="dutch-price" aria-live="off">
        <span className="muted">Price now</span> <strong data-testid="dutch-price">{money(price, a.currency)}</strong>
      </p>
      {d ? (
        <p className="hint">
          The price drops by {money(d.decrement, a.currency)} every {durationWords(d.intervalSeconds)}, down to{' '}
          {money(d.floorPrice, a.currency)}. The first person to accept wins at that price.
          {nextDrop !== null ? ` Next drop in ${duration(nextDrop)}.` : ' The price has reached its floor.'}
        </p>
      ) : null}
      <button type="button" className="button button-accent" onClick={() => void accept()} disabled={busy || now < start}>
        {busy ? 'Accepting…' : `Accept at ${money(price, a.currency)}`}
      </button>
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}

function SealedBid({ a, onDone }: { a: Auction; onDone: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const min = a.minimumBid ?? a.startingPrice;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const amount = toMinor(text, a.currency);
    if (amount === null) return setError('Enter an amount like 25 or 25.50.');
    setBusy(true);
    setError(null);
    setOk(null);
    try {
      await api.placeBid(a.id, amount);
      setText('');
      setOk(`Your sealed bid of ${money(amount, a.currency)} is in. Nobody sees it until the auction ends.`);
      await onDone();
    } catch (err) {
      setError(bidErrorText(err, a));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="bid-form" onSubmit={submit} aria-describedby="sealed-help">
      <label htmlFor="sealed-amount">Your sealed bid ({a.currency})</label>
      <div className="input-row">
        <input
          id="sealed-amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder={toDecimal(min, a.currency)}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : a.viewer?.myMax ? 'Replace my bid' : 'Submit bid'}
        </button>
      </div>
      <p className="hint" id="sealed-help">
        {a.type === 'sealed_second_price'
          ? 'Sealed, second price: bids stay secret until the end. The highest bidder wins but pays the second-highest bid, so bidding what the item is worth to you is the best strategy.'
          : 'Sealed, first price: bids stay secret until the end. The highest bidder wins and pays their own bid.'}{' '}
        Minimum: {money(min, a.currency)}.
      </p>
      <ErrorNote>{error}</ErrorNote>
      {ok ? (
        <p className="note note-ok" role="status">
          {ok}
        </p>
      ) : null}
    </form>
  );
}

function History({ a, bids }: { a: Auction; bids: Bid[] }) {
  const now = useServerNow(5000);
  return (
    <section className="panel" aria-labelledby="history-h">
      <h2 id="history-h">
        Bid history <span className="muted">({a.bidCount})</span>
      </h2>
      {sealed(a) && a.status !== 'closed' ? (
        <p className="muted">Bids are sealed until the auction ends{bids.length ? '; you see only your own.' : '.'}</p>
      ) : null}
      {bids.length === 0 ? (
        <p className="muted">No bids yet.</p>
      ) : (
        <ol className="history" aria-live="polite" data-testid="bid-history">
          {bids.map((b) => (
            <li key={b.id} className={b.mine ? 'mine' : undefined}>
              <span className="who">{b.mine ? 'You' : b.bidder}</span>
              <strong>{money(b.amount, a.currency)}</strong>
              <span className="muted">
                {b.kind === 'proxy' ? 'auto-bid · ' : ''}
                <time dateTime={b.createdAt} title={dateTime(b.createdAt)}>
                  {timeAgo(b.createdAt, now)}
                </time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Watch / unwatch; whether we watch comes from the watchlist. */
function WatchButton({ id }: { id: string }) {
  const [watching, setWatching] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    api
      .watchlist()
      .then((w) => alive && setWatching(w.items.some((i) => i.auction.id === id)))
      .catch(() => alive && setWatching(false));
    return () => {
      alive = false;
    };
  }, [id]);
  if (watching === null) return null;
  const toggle = async () => {
    setError(null);
    try {
      if (watching) await api.unwatch(id);
      else await api.watch(id);
      setWatching(!watching);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not update your watchlist.');
    }
  };
  return (
    <div className="watch">
      <button type="button" className="button button-ghost button-small" aria-pressed={watching} onClick={() => void toggle()}>
        {watching ? '★ Watching' : '☆ Watch'}
      </button>
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}

function SellerTools({ a, onDone }: { a: Auction; onDone: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!a.viewer?.isSeller || a.bidCount > 0 || a.status === 'closed' || a.status === 'cancelled') return null;
  return (
    <div className="seller-tools">
      <p className="muted">You are the seller. You can cancel this listing until the first bid.</p>
      <button
        type="button"
        className="button button-danger"
        disabled={busy}
        onClick={async () => {
          if (!window.confirm('Cancel this auction? This cannot be undone.')) return;
          setBusy(true);
          try {
            await api.cancelAuction(a.id);
            await onDone();
          } catch (e) {
            setError(e instanceof ApiError ? e.message : 'Could not cancel.');
          } finally {
            setBusy(false);
          }
        }}
      >
        Cancel auction
      </button>
      <ErrorNote>{error}</ErrorNote>
    </div>
  );
}

export default function AuctionPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { auction: a, bids, error, connection, watchers, refresh } = useAuctionLive(id);
  const { user } = useSession();
  const categories = useCategories();
  const [image, setImage] = useState(0);
  usePageTitle(a?.title ?? 'Auction');

  // Announce the moment the viewer loses the lead.
  const wasLeading = useRef<boolean | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  useEffect(() => {
    const leading = a?.viewer?.leading ?? null;
    if (wasLeading.current === true && leading === false && a?.status !== 'closed') setToast('You have been outbid!');
    wasLeading.current = leading;
  }, [a?.viewer?.leading, a?.status]);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(t);
  }, [toast]);

  if (error) {
    return (
      <div className="page">
        <h1>Auction not available</h1>
        <ErrorNote>{error.message}</ErrorNote>
        <Link to="/browse">Browse other auctions</Link>
      </div>
    );
  }
  if (!a) return <Loading label="Loading auction…" />;

  const over = isOver(a);
  const category = categories.find((c) => c.id === a.categoryId);
  const current = a.type === 'dutch' ? null : a.bidCount > 0 && !sealed(a) ? a.currentPrice : null;
  const done = async () => {
    await refresh();
  };
  const img = a.imageUrls[image] ?? a.imageUrls[0];

  return (
    <div className="page auction">
      {toast ? (
        <div className="toast" role="alert">
          {toast}
        </div>
      ) : null}
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/browse">Auctions</Link>
        {category ? (
          <>
            {' / '}
            <Link to={`/browse?categoryId=${encodeURIComponent(category.id)}`}>{category.name}</Link>
          </>
        ) : null}
      </nav>
      <div className="auction-layout">
        <div className="gallery">
          {img ? <img className="thumb thumb-large" src={img} alt={a.title} /> : <Thumb auction={a} large />}
          {a.imageUrls.length > 1 ? (
            <fieldset className="thumbs plain-group">
              <legend className="sr-only">Images</legend>
              {a.imageUrls.map((u, i) => (
                <button
                  key={u}
                  type="button"
                  className={i === image ? 'thumb-btn active' : 'thumb-btn'}
                  onClick={() => setImage(i)}
                  aria-label={`Show image ${i + 1}`}
                  aria-pressed={i === image}
                >
                  <img src={u} alt="" />
                </button>
              ))}
            </fieldset>
          ) : null}
        </div>

        <div className="summary">
          <div className="card-meta">
            <StatusPill status={a.status} />
            <span className="muted">{typeLabel(a.type)} auction</span>
            <span className="live-status" data-testid="live-status" data-connection={connection}>
              {connection === 'live' ? (
                <span className="live-updates" title="This page updates by itself">
                  <span className="live-dot" aria-hidden="true" /> Live updates
                </span>
              ) : connection === 'offline' ? (
                <span className="pill pill-warn">Reconnecting…</span>
              ) : null}
            </span>
            {watchers !== null && watchers > 0 ? (
              <span className="muted" data-testid="watchers">
                {watchers} watching
              </span>
            ) : null}
          </div>
          <h1>{a.title}</h1>
          <p className="muted">
            Seller: {a.viewer?.isSeller ? 'you' : `member ${a.sellerId.slice(-6)}`} · Listed {dateTime(a.createdAt)}
          </p>

          <div className="price-panel" aria-live="polite">
            {a.type === 'dutch' ? null : (
              <p className="big-price">
                <span className="muted">
                  {sealed(a)
                    ? a.status === 'closed'
                      ? 'Winning price'
                      : 'Opening bid'
                    : a.status === 'closed'
                      ? a.result?.price != null
                        ? 'Sold for'
                        : 'Final bid'
                      : current !== null
                        ? 'Current bid'
                        : 'Starting price'}
                </span>
                <strong data-testid="current-price">
                  {money(a.status === 'closed' && a.result?.price != null ? a.result.price : (current ?? a.startingPrice), a.currency)}
                </strong>
              </p>
            )}
            <ul className="facts">
              <li>
                <span className="muted">{over ? 'Ended' : Date.parse(a.startsAt) > Date.now() ? 'Starts' : 'Time left'}</span>
                <span data-testid="countdown">{over ? dateTime(a.endsAt) : <Countdown auction={a} />}</span>
              </li>
              {!over ? (
                <li>
                  <span className="muted">Ends</span>
                  <span>{dateTime(a.endsAt)}</span>
                </li>
              ) : null}
              {!sealed(a) ? (
                <li>
                  <span className="muted">Bids</span>
                  <span data-testid="bid-count">{a.bidCount}</span>
                </li>
              ) : null}
              {a.leadingBidder && a.status !== 'closed' ? (
                <li>
                  <span className="muted">Leading</span>
                  <span>{a.viewer?.leading ? 'You' : a.leadingBidder}</span>
                </li>
              ) : null}
              {a.hasReserve ? (
                <li>
                  <span className="muted">Reserve</span>
                  <span>{a.reserveMet === true ? 'Met' : a.reserveMet === false ? 'Not met yet' : 'Hidden until the end'}</span>
                </li>
              ) : null}
            </ul>
            {a.extensions > 0 ? (
              <p className="note note-info" data-testid="extended">
                Extended {a.extensions} {a.extensions === 1 ? 'time' : 'times'} by late bids (originally ending {dateTime(a.originalEndsAt)}
                ).
              </p>
            ) : null}
            {a.softClose && !over ? (
              <p className="hint">
                Anti-sniping: a bid in the last {durationWords(a.softClose.windowSeconds)} extends the end by{' '}
                {durationWords(a.softClose.extensionSeconds)}.
              </p>
            ) : null}
          </div>

          {user && !a.viewer?.isSeller ? <WatchButton id={a.id} /> : null}
          <ViewerState a={a} />

          {a.status === 'closed' && a.result ? (
            <p className="note note-info">
              {a.result.outcome === 'sold'
                ? `This auction ended and sold for ${money(a.result.price, a.currency)}.`
                : 'This auction ended without a sale.'}
            </p>
          ) : null}
          {a.status === 'cancelled' ? <p className="note note-info">The seller cancelled this auction.</p> : null}

          {!over && !a.viewer?.isSeller ? (
            user ? (
              <div className="actions">
                {a.type === 'english' ? <EnglishBid a={a} onDone={done} /> : null}
                {a.type === 'dutch' ? <DutchAccept a={a} onDone={done} /> : null}
                {sealed(a) ? <SealedBid a={a} onDone={done} /> : null}
                {a.type === 'english' ? <BuyNow a={a} onDone={done} /> : null}
              </div>
            ) : user === null ? (
              <p className="note note-info">
                <Link to={`/signin?next=${encodeURIComponent(`/auctions/${a.id}`)}`}>Sign in</Link> or{' '}
                <Link to={`/signup?next=${encodeURIComponent(`/auctions/${a.id}`)}`}>create an account</Link> to bid.
              </p>
            ) : null
          ) : null}
          <SellerTools a={a} onDone={done} />
        </div>
      </div>

      <div className="auction-details">
        <section className="panel" aria-labelledby="desc-h">
          <h2 id="desc-h">Description</h2>
          {a.description ? <p className="description">{a.description}</p> : <p className="muted">No description.</p>}
        </section>
        <DetailsPanel a={a} />
        <History a={a} bids={bids} />
      </div>
    </div>
  );
}

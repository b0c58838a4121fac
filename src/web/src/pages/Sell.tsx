import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, errorText } from '../api';
import { RequireUser } from '../components/RequireUser';
import { DetailsFieldset, type DetailsDraft, detailsBody, EMPTY_DETAILS } from '../components/item-details';
import { ErrorNote } from '../components/ui';
import { money, toMinor } from '../format';
import { categoryOptions, useCategories } from '../hooks';
import { navigate, usePageTitle } from '../router';
import type { AuctionType, CreateAuctionBody as CreateAuction } from '../../../shared/api/auctions';
import type { CommissionQuote } from '../../../shared/api/payments';

/** What the seller would pay if the item sold at the price typed so far (the server's commission rule). */
function FeeQuote({ amount, currency, categoryId }: { amount: number | null; currency: string; categoryId: string }) {
  const [quote, setQuote] = useState<CommissionQuote | null>(null);
  useEffect(() => {
    if (!amount || amount <= 0) {
      setQuote(null);
      return;
    }
    const ctl = new AbortController();
    const t = setTimeout(() => {
      api
        .commission(amount, categoryId || undefined, ctl.signal)
        .then(setQuote)
        .catch(() => setQuote(null));
    }, 250);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [amount, categoryId]);
  if (!quote || quote.amount !== amount) return null;
  const pct = (quote.rule.bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });
  return (
    <p className="note note-info" data-testid="fee-quote" aria-live="polite">
      If it sells for {money(quote.amount, currency)}, the fee is {money(quote.commission, currency)} ({pct}%
      {quote.rule.min !== null ? `, at least ${money(quote.rule.min, currency)}` : ''}
      {quote.rule.cap !== null ? `, at most ${money(quote.rule.cap, currency)}` : ''}) and you receive{' '}
      <strong>{money(quote.sellerReceives, currency)}</strong>. The fee is charged only when the sale completes.
    </p>
  );
}

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'JPY'];
const DURATIONS: [string, number][] = [
  ['10 minutes', 10 * 60],
  ['1 hour', 3600],
  ['1 day', 86_400],
  ['3 days', 3 * 86_400],
  ['7 days', 7 * 86_400],
];

/** Reads an optional money field; `undefined` when empty, `null` when not a number. */
function optionalMoney(v: FormDataEntryValue | null, currency: string): number | undefined | null {
  const s = String(v ?? '').trim();
  if (!s) return undefined;
  return toMinor(s, currency);
}

/** What went wrong with one file, in words. */
function uploadError(file: File, err: unknown): string {
  if (err instanceof ApiError && err.code === 'PAYLOAD_TOO_LARGE') return `"${file.name}" is too large. Choose an image under 5 MB.`;
  return `"${file.name}" was not uploaded: ${errorText(err)}`;
}

/**
 * "Upload images": sends each chosen file to the server and hands back its URL,
 * so uploaded images and pasted links end up in the same list.
 */
function ImageUpload({ onUploaded, disabled }: { onUploaded: (url: string) => void; disabled: boolean }) {
  const [status, setStatus] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const onPick = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const files = [...(input.files ?? [])];
    if (!files.length) return;
    setBusy(true);
    setErrors([]);
    const failed: string[] = [];
    let done = 0;
    for (const [i, file] of files.entries()) {
      setStatus(`Uploading ${files.length > 1 ? `${i + 1} of ${files.length}: ` : ''}${file.name}…`);
      try {
        const up = await api.upload(file);
        onUploaded(up.url);
        done += 1;
      } catch (err) {
        failed.push(uploadError(file, err));
      }
    }
    setErrors(failed);
    const where = done === 1 ? 'its link is' : 'their links are';
    setStatus(done ? `Uploaded ${done === 1 ? '1 image' : `${done} images`}; ${where} in the list above.` : null);
    setBusy(false);
    input.value = '';
  };

  return (
    <div className="field">
      <label htmlFor="imageFiles">Upload images</label>
      <input
        id="imageFiles"
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif"
        multiple
        disabled={disabled || busy}
        onChange={onPick}
        aria-describedby="upload-hint upload-status"
      />
      <p className="hint" id="upload-hint">
        PNG, JPEG, WebP or GIF, up to 5 MB each.
      </p>
      <p className="hint" id="upload-status" role="status" aria-live="polite" data-testid="upload-status">
        {status}
      </p>
      {errors.map((m) => (
        <ErrorNote key={m}>{m}</ErrorNote>
      ))}
    </div>
  );
}

function SellForm() {
  const categories = useCategories();
  const [imageText, setImageText] = useState('');
  const [type, setType] = useState<AuctionType>('english');
  const [schedule, setSchedule] = useState(false);
  const [softClose, setSoftClose] = useState(true);
  const [details, setDetails] = useState<DetailsDraft>(EMPTY_DETAILS);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [priceInput, setPriceInput] = useState<{ amount: number | null; currency: string; categoryId: string }>({
    amount: null,
    currency: 'EUR',
    categoryId: '',
  });
  const onFormChange = (e: FormEvent<HTMLFormElement>) => {
    const f = new FormData(e.currentTarget);
    const currency = String(f.get('currency') ?? 'EUR');
    const amount = optionalMoney(f.get('reservePrice'), currency) || optionalMoney(f.get('startingPrice'), currency) || null;
    const categoryId = String(f.get('categoryId') ?? '');
    setPriceInput((p) =>
      p.amount === amount && p.currency === currency && p.categoryId === categoryId ? p : { amount, currency, categoryId },
    );
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const currency = String(f.get('currency') ?? 'EUR');
    const startingPrice = optionalMoney(f.get('startingPrice'), currency);
    if (startingPrice == null) return setError('Enter a starting price, like 25 or 25.50.');
    const body: CreateAuction = {
      title: String(f.get('title') ?? '').trim(),
      type,
      currency,
      startingPrice,
      endsAt: '',
    };
    const description = String(f.get('description') ?? '').trim();
    if (description) body.description = description;
    const categoryId = String(f.get('categoryId') ?? '');
    if (categoryId) body.categoryId = categoryId;
    const urls = imageText
      .split(/\s+/)
      .map((u) => u.trim())
      .filter(Boolean);
    if (urls.length > 12) return setError('Add at most 12 image links.');
    for (const u of urls) {
      try {
        const url = new URL(u);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      } catch {
        return setError(`"${u}" is not a web address. Image links start with https://`);
      }
    }
    if (urls.length) body.imageUrls = urls;

    const start = schedule ? Date.parse(String(f.get('startsAt') ?? '')) : Date.now();
    if (schedule) {
      if (Number.isNaN(start)) return setError('Choose when the auction starts.');
      body.startsAt = new Date(start).toISOString();
    }
    const seconds = Number(f.get('duration') ?? 86_400);
    body.endsAt = new Date(start + seconds * 1000).toISOString();

    if (type !== 'dutch') {
      const reserve = optionalMoney(f.get('reservePrice'), currency);
      if (reserve === null) return setError('The reserve price is not a valid amount.');
      if (reserve !== undefined) body.reservePrice = reserve;
    }
    if (type === 'english') {
      const buyNow = optionalMoney(f.get('buyNowPrice'), currency);
      if (buyNow === null) return setError('The buy-now price is not a valid amount.');
      if (buyNow !== undefined) body.buyNowPrice = buyNow;
      body.softClose = softClose
        ? {
            windowSeconds: Math.round(Number(f.get('windowMinutes') ?? 2) * 60),
            extensionSeconds: Math.round(Number(f.get('extensionMinutes') ?? 2) * 60),
          }
        : null;
    }
    if (type === 'dutch') {
      const decrement = optionalMoney(f.get('decrement'), currency);
      const floorPrice = optionalMoney(f.get('floorPrice'), currency);
      const intervalSeconds = Math.round(Number(f.get('intervalSeconds') ?? 0));
      if (decrement == null || floorPrice == null || !(intervalSeconds > 0)) {
        return setError('A Dutch auction needs a price drop, an interval and a floor price.');
      }
      body.dutch = { decrement, intervalSeconds, floorPrice };
    }

    const extra = detailsBody(details, currency);
    if (!extra.ok) return setError(extra.error);
    Object.assign(body, extra.fields);

    setBusy(true);
    setError(null);
    try {
      const a = await api.createAuction(body);
      navigate(`/auctions/${a.id}`);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <form className="stack sell-form" onSubmit={submit} onChange={onFormChange} noValidate>
      <fieldset>
        <legend>The item</legend>
        <div className="field">
          <label htmlFor="title">Title</label>
          <input id="title" name="title" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="description">Description</label>
          <textarea id="description" name="description" rows={5} maxLength={20_000} />
        </div>
        <div className="field">
          <label htmlFor="categoryId">Category</label>
          <select id="categoryId" name="categoryId" defaultValue="">
            <option value="">No category</option>
            {categoryOptions(categories).map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="imageUrls">Image links</label>
          <textarea
            id="imageUrls"
            name="imageUrls"
            rows={2}
            placeholder="https://… (one per line, up to 12)"
            aria-describedby="img-hint"
            value={imageText}
            onChange={(e) => setImageText(e.target.value)}
          />
          <p className="hint" id="img-hint">
            Paste links to photos hosted elsewhere, or upload images below; both end up in this list.
          </p>
        </div>
        <ImageUpload disabled={busy} onUploaded={(url) => setImageText((t) => (t.trim() ? `${t.trimEnd()}\n${url}` : url))} />
      </fieldset>

      <DetailsFieldset value={details} onChange={setDetails} />

      <fieldset>
        <legend>Auction type</legend>
        <div className="choices">
          {(
            [
              ['english', 'English', 'Price rises with each bid; highest bid wins. Supports reserve, buy now and anti-sniping.'],
              ['dutch', 'Dutch', 'Price falls over time; the first to accept wins.'],
              ['sealed_first_price', 'Sealed, first price', 'Secret bids; highest pays their bid.'],
              ['sealed_second_price', 'Sealed, second price', 'Secret bids; highest pays the second-highest bid.'],
            ] as [AuctionType, string, string][]
          ).map(([value, label, help]) => (
            <label key={value} className={type === value ? 'choice selected' : 'choice'}>
              <input type="radio" name="type" value={value} checked={type === value} onChange={() => setType(value)} />
              <span>
                <strong>{label}</strong>
                <span className="hint">{help}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Price</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="currency">Currency</label>
            <select id="currency" name="currency" defaultValue="EUR">
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="startingPrice">{type === 'dutch' ? 'Starting (highest) price' : 'Starting price'}</label>
            <input id="startingPrice" name="startingPrice" inputMode="decimal" required placeholder="10.00" />
          </div>
        </div>
        {type !== 'dutch' ? (
          <div className="field">
            <label htmlFor="reservePrice">Reserve price (optional)</label>
            <input id="reservePrice" name="reservePrice" inputMode="decimal" aria-describedby="reserve-hint" />
            <p className="hint" id="reserve-hint">
              The lowest price you will accept. Bidders see only whether it is met.
            </p>
          </div>
        ) : null}
        {type === 'english' ? (
          <div className="field">
            <label htmlFor="buyNowPrice">Buy-now price (optional)</label>
            <input id="buyNowPrice" name="buyNowPrice" inputMode="decimal" aria-describedby="buynow-hint" />
            <p className="hint" id="buynow-hint">
              Anyone can end the auction at this price until the first bid (or until the reserve is met).
            </p>
          </div>
        ) : null}
        {type === 'dutch' ? (
          <div className="row">
            <div className="field">
              <label htmlFor="decrement">Price drop</label>
              <input id="decrement" name="decrement" inputMode="decimal" placeholder="1.00" />
            </div>
            <div className="field">
              <label htmlFor="intervalSeconds">Every (seconds)</label>
              <input id="intervalSeconds" name="intervalSeconds" type="number" min={1} defaultValue={60} />
            </div>
            <div className="field">
              <label htmlFor="floorPrice">Floor price</label>
              <input id="floorPrice" name="floorPrice" inputMode="decimal" placeholder="5.00" />
            </div>
          </div>
        ) : null}
        <FeeQuote amount={priceInput.amount} currency={priceInput.currency} categoryId={priceInput.categoryId} />
      </fieldset>

      <fieldset>
        <legend>Timing</legend>
        <label className="check">
          <input type="checkbox" checked={schedule} onChange={(e) => setSchedule(e.target.checked)} /> Start later
        </label>
        {schedule ? (
          <div className="field">
            <label htmlFor="startsAt">Starts at</label>
            <input id="startsAt" name="startsAt" type="datetime-local" required />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="duration">Runs for</label>
          <select id="duration" name="duration" defaultValue={String(86_400)}>
            {DURATIONS.map(([label, s]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {type === 'english' ? (
          <>
            <label className="check">
              <input type="checkbox" checked={softClose} onChange={(e) => setSoftClose(e.target.checked)} /> Anti-sniping (soft close)
            </label>
            {softClose ? (
              <div className="row">
                <div className="field">
                  <label htmlFor="windowMinutes">A bid in the last (minutes)</label>
                  <input id="windowMinutes" name="windowMinutes" type="number" min={1} defaultValue={2} />
                </div>
                <div className="field">
                  <label htmlFor="extensionMinutes">extends the end by (minutes)</label>
                  <input id="extensionMinutes" name="extensionMinutes" type="number" min={1} defaultValue={2} />
                </div>
              </div>
            ) : null}
          </>
        ) : null}
      </fieldset>

      <ErrorNote>{error}</ErrorNote>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Publishing…' : 'Publish auction'}
      </button>
    </form>
  );
}

export default function Sell() {
  usePageTitle('Sell an item');
  return (
    <RequireUser what="sell">
      <div className="page medium">
        <h1>Sell an item</h1>
        <SellForm />
      </div>
    </RequireUser>
  );
}

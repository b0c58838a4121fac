import { type ChangeEvent, type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorText } from '../api';
import { RequireUser } from '../components/RequireUser';
import { DetailsFieldset, type DetailsDraft, detailsBody, EMPTY_DETAILS } from '../components/item-details';
import { ErrorNote } from '../components/ui';
import { durationWords, money, toMinor, typeLabel } from '../format';
import { categoryOptions, useCategories } from '../hooks';
import { CategoryRules } from '../components/CategoryRules';
import { t, useT } from '../i18n';
import { navigate, usePageTitle } from '../router';
import { OFFERED_CURRENCIES } from '../../../shared/currencies';
import { type AuctionType, type CreateAuctionBody as CreateAuction, TITLE_MAX_LENGTH } from '../../../shared/api/auctions';
import type { CommissionQuote } from '../../../shared/api/payments';

/** What the seller would pay if the item sold at the price typed so far (the server's commission rule). */
function FeeQuote({ amount, currency, categoryId }: { amount: number | null; currency: string; categoryId: string }) {
  const { t } = useT('sell');
  const [quote, setQuote] = useState<CommissionQuote | null>(null);
  useEffect(() => {
    if (!amount || amount <= 0) {
      setQuote(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api
        .commission(amount, categoryId || undefined, ctl.signal)
        .then(setQuote)
        .catch(() => setQuote(null));
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [amount, categoryId]);
  if (!quote || quote.amount !== amount) return null;
  const pct = (quote.rule.bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });
  const terms = [
    t('fee.pct', { pct }),
    ...(quote.rule.min !== null ? [t('fee.min', { amount: money(quote.rule.min, currency) })] : []),
    ...(quote.rule.cap !== null ? [t('fee.cap', { amount: money(quote.rule.cap, currency) })] : []),
  ].join(', ');
  return (
    <p className="note note-info" data-testid="fee-quote" aria-live="polite">
      {t('fee.line', { price: money(quote.amount, currency), fee: money(quote.commission, currency), terms })} {t('fee.receive')}{' '}
      <strong>{money(quote.sellerReceives, currency)}</strong>. {t('fee.when')}
    </p>
  );
}

const DURATIONS = [10 * 60, 3600, 86_400, 3 * 86_400, 7 * 86_400];
const TYPES: AuctionType[] = ['english', 'dutch', 'sealed_first_price', 'sealed_second_price'];

/** The inputs a message can belong to, in the order the form shows them (the summary follows it). */
const FIELDS = [
  'title',
  'description',
  'categoryId',
  'imageUrls',
  'currency',
  'startingPrice',
  'reservePrice',
  'buyNowPrice',
  'decrement',
  'intervalSeconds',
  'floorPrice',
  'startsAt',
  'duration',
  'windowMinutes',
  'extensionMinutes',
] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field, string>>;

/** Where the server's refusals belong: by the field it names, else by its code. */
const API_FIELDS: Record<string, Field> = {
  title: 'title',
  description: 'description',
  categoryId: 'categoryId',
  imageUrls: 'imageUrls',
  images: 'imageUrls',
  currency: 'currency',
  startingPrice: 'startingPrice',
  reservePrice: 'reservePrice',
  buyNowPrice: 'buyNowPrice',
  startsAt: 'startsAt',
  endsAt: 'duration',
  softClose: 'extensionMinutes',
  dutch: 'decrement',
};
const CODE_FIELDS: Record<string, Field> = {
  INVALID_CURRENCY: 'currency',
  RESERVE_BELOW_START: 'reservePrice',
  BUY_NOW_TOO_LOW: 'buyNowPrice',
  INVALID_SOFT_CLOSE: 'extensionMinutes',
  DUTCH_CONFIG_INVALID: 'decrement',
  DUTCH_CONFIG_REQUIRED: 'decrement',
  INVALID_TIMES: 'duration',
  CATEGORY_NOT_FOUND: 'categoryId',
};

/** A server refusal as a message at its field, or for the whole form. */
function apiProblem(err: unknown): { field?: Field; message: string } {
  if (!(err instanceof ApiError)) return { message: errorText(err) };
  const named = String(err.details?.field ?? '').split(/[./]/)[0] ?? '';
  const field = API_FIELDS[named] ?? CODE_FIELDS[err.code];
  if (field === 'title' && err.code === 'INVALID_LISTING') {
    const tooLong = err.details?.rule === 'maxLength';
    return { field, message: tooLong ? t('sell:errors.titleTooLong', { count: TITLE_MAX_LENGTH + 1, max: TITLE_MAX_LENGTH }) : t('sell:errors.titleRequired') };
  }
  return field ? { field, message: err.message } : { message: err.message };
}

/** The props that tie an input to its hints and its error message. */
function described(field: Field, errors: FieldErrors, ...hints: string[]) {
  const ids = [...hints, ...(errors[field] ? [`${field}-error`] : [])];
  return { ...(errors[field] ? { 'aria-invalid': true } : {}), ...(ids.length ? { 'aria-describedby': ids.join(' ') } : {}) };
}

function FieldError({ field, errors }: { field: Field; errors: FieldErrors }) {
  const text = errors[field];
  if (!text) return null;
  return (
    <p className="field-error" id={`${field}-error`}>
      {text}
    </p>
  );
}

/** Every problem at once, each linked to its field; it takes the focus so a keyboard or screen reader user lands on it. */
function ErrorSummary({ errors, formError, focusKey }: { errors: FieldErrors; formError: string | null; focusKey: number }) {
  const { t } = useT('sell');
  const ref = useRef<HTMLDivElement>(null);
  const fields = FIELDS.filter((f) => errors[f]);
  const count = fields.length + (formError ? 1 : 0);
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [focusKey, count]);
  if (count === 0) return null;
  return (
    <div className="note note-error error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('errors.summary', { count })}</h2>
      <ul>
        {fields.map((f) => (
          <li key={f}>
            <a
              href={`#${f}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(f)?.focus();
              }}
            >
              {errors[f]}
            </a>
          </li>
        ))}
        {formError ? <li>{formError}</li> : null}
      </ul>
    </div>
  );
}

/** Reads an optional money field; `undefined` when empty, `null` when not a number. */
function optionalMoney(v: FormDataEntryValue | null, currency: string): number | undefined | null {
  const s = String(v ?? '').trim();
  if (!s) return undefined;
  return toMinor(s, currency);
}

/** A whole number of at least 1, or null. */
function positiveWhole(v: FormDataEntryValue | null): number | null {
  const s = String(v ?? '').trim();
  return /^\d+$/.test(s) && Number(s) >= 1 ? Number(s) : null;
}

/** What went wrong with one file, in words. */
function uploadError(file: File, err: unknown): string {
  if (err instanceof ApiError && err.code === 'PAYLOAD_TOO_LARGE') return t('sell:upload.tooLarge', { name: file.name });
  return t('sell:upload.failed', { name: file.name, reason: errorText(err) });
}

/**
 * "Upload images": sends each chosen file to the server and hands back its URL,
 * so uploaded images and pasted links end up in the same list. Its errors belong to
 * the form, which clears them on the next attempt.
 */
function ImageUpload(props: { onUploaded: (url: string) => void; disabled: boolean; errors: string[]; setErrors: (e: string[]) => void }) {
  const { t } = useT('sell');
  const { onUploaded, disabled, errors, setErrors } = props;
  const [status, setStatus] = useState<string | null>(null);
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
      setStatus(files.length > 1 ? t('upload.uploadingOf', { index: i + 1, total: files.length, name: file.name }) : t('upload.uploading', { name: file.name }));
      try {
        const up = await api.upload(file);
        onUploaded(up.url);
        done += 1;
      } catch (err) {
        failed.push(uploadError(file, err));
      }
    }
    setErrors(failed);
    setStatus(done ? t('upload.uploaded', { count: done }) : null);
    setBusy(false);
    input.value = '';
  };

  return (
    <div className="field">
      <label htmlFor="imageFiles">{t('upload.label')}</label>
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
        {t('upload.hint')}
      </p>
      <p className="hint" id="upload-status" role="status" aria-live="polite" data-testid="upload-status">
        {status}
      </p>
      {errors.length > 0 ? (
        <div data-testid="upload-errors">
          {errors.map((m) => (
            <ErrorNote key={m}>{m}</ErrorNote>
          ))}
        </div>
      ) : null}
    </div>
  );
}

interface Choices {
  type: AuctionType;
  schedule: boolean;
  softClose: boolean;
  imageText: string;
  details: DetailsDraft;
}

/** The image links typed so far, each checked to be a web address. */
function readImages(imageText: string, errors: FieldErrors): string[] {
  const urls = imageText
    .split(/\s+/)
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length > 12) errors.imageUrls = t('sell:errors.tooManyImages');
  for (const u of urls) {
    try {
      const url = new URL(u);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      errors.imageUrls ??= t('sell:errors.badImageLink', { url: u });
    }
  }
  return urls;
}

/** The price terms of each auction type, with a message at each field that cannot be read. */
function readPricing(f: FormData, c: Choices, currency: string, body: CreateAuction, errors: FieldErrors): void {
  const money = (field: 'reservePrice' | 'buyNowPrice' | 'decrement' | 'floorPrice') => {
    const v = optionalMoney(f.get(field), currency);
    if (v === null) errors[field] = t(`sell:errors.${field}`);
    return v ?? undefined;
  };
  if (c.type !== 'dutch') {
    const reserve = money('reservePrice');
    if (reserve !== undefined) body.reservePrice = reserve;
  }
  if (c.type === 'english') {
    const buyNow = money('buyNowPrice');
    if (buyNow !== undefined) body.buyNowPrice = buyNow;
  }
  if (c.type === 'dutch') {
    const decrement = money('decrement');
    const floorPrice = money('floorPrice');
    const intervalSeconds = positiveWhole(f.get('intervalSeconds'));
    if (decrement === undefined) errors.decrement = t('sell:errors.decrement');
    if (floorPrice === undefined) errors.floorPrice = t('sell:errors.floorPrice');
    if (intervalSeconds === null) errors.intervalSeconds = t('sell:errors.interval');
    if (decrement !== undefined && floorPrice !== undefined && intervalSeconds !== null) body.dutch = { decrement, intervalSeconds, floorPrice };
  }
}

/**
 * Soft close: a bid in the last W moves the end to E after that bid. With E < W a
 * bid with more than E left would move nothing, so the form asks for E >= W.
 */
function readSoftClose(f: FormData, errors: FieldErrors): CreateAuction['softClose'] {
  const window = positiveWhole(f.get('windowMinutes'));
  const extension = positiveWhole(f.get('extensionMinutes'));
  if (window === null) errors.windowMinutes = t('sell:errors.window');
  if (extension === null) errors.extensionMinutes = t('sell:errors.extension');
  if (window === null || extension === null) return null;
  if (extension < window) {
    errors.extensionMinutes = t('sell:errors.extensionShort', { window: durationWords(window * 60), extension: durationWords(extension * 60) });
  }
  return { windowSeconds: window * 60, extensionSeconds: extension * 60 };
}

/** The listing the form describes, or every problem with it at its field (`formError` for the rest). */
function readListing(f: FormData, c: Choices): { body: CreateAuction | null; errors: FieldErrors; formError: string | null } {
  const errors: FieldErrors = {};
  const currency = String(f.get('currency') ?? 'EUR');
  const title = String(f.get('title') ?? '').trim();
  if (!title) errors.title = t('sell:errors.titleRequired');
  else if ([...title].length > TITLE_MAX_LENGTH) errors.title = t('sell:errors.titleTooLong', { count: [...title].length, max: TITLE_MAX_LENGTH });
  const startingPrice = optionalMoney(f.get('startingPrice'), currency);
  if (startingPrice == null) errors.startingPrice = t('sell:errors.startingPrice');
  const body: CreateAuction = { title, type: c.type, currency, startingPrice: startingPrice ?? 0, endsAt: '' };
  const description = String(f.get('description') ?? '').trim();
  if (description) body.description = description;
  const categoryId = String(f.get('categoryId') ?? '');
  if (categoryId) body.categoryId = categoryId;
  const urls = readImages(c.imageText, errors);
  if (urls.length) body.imageUrls = urls;

  const start = c.schedule ? Date.parse(String(f.get('startsAt') ?? '')) : Date.now();
  if (c.schedule && Number.isNaN(start)) errors.startsAt = t('sell:errors.startsAt');
  else if (c.schedule) body.startsAt = new Date(start).toISOString();
  body.endsAt = new Date((Number.isNaN(start) ? Date.now() : start) + Number(f.get('duration') ?? 86_400) * 1000).toISOString();

  readPricing(f, c, currency, body, errors);
  if (c.type === 'english') body.softClose = c.softClose ? readSoftClose(f, errors) : null;

  const extra = detailsBody(c.details, currency);
  const formError = extra.ok ? null : extra.error;
  if (extra.ok) Object.assign(body, extra.fields);
  return { body: Object.keys(errors).length || formError ? null : body, errors, formError };
}

/** The soft-close rule in words for the values typed so far. */
function softCloseHint(window: string, extension: string): string {
  const w = positiveWhole(window);
  const e = positiveWhole(extension);
  const rule = t('sell:timing.softCloseRule');
  if (w === null || e === null) return rule;
  return `${t('sell:timing.softCloseHint', { window: durationWords(w * 60), extension: durationWords(e * 60) })} ${rule}`;
}

function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="hint" id={id}>
      {children}
    </p>
  );
}

function ItemFieldset(props: {
  errors: FieldErrors;
  busy: boolean;
  imageText: string;
  setImageText: (f: (t: string) => string) => void;
  uploadErrors: string[];
  setUploadErrors: (e: string[]) => void;
}) {
  const { t } = useT('sell');
  const { errors, busy, imageText, setImageText } = props;
  const categories = useCategories();
  const [title, setTitle] = useState('');
  const length = [...title.trim()].length;
  return (
    <fieldset>
      <legend>{t('item.legend')}</legend>
      <div className="field">
        <label htmlFor="title">{t('item.title')}</label>
        {/* No maxLength: a title that is too long is said so, never cut. */}
        <input id="title" name="title" required value={title} onChange={(e) => setTitle(e.target.value)} {...described('title', errors, 'title-counter')} />
        <p className={length > TITLE_MAX_LENGTH ? 'hint counter counter-over' : 'hint counter'} id="title-counter" data-testid="title-counter">
          {t('item.titleCounter', { count: length, max: TITLE_MAX_LENGTH })}
        </p>
        <FieldError field="title" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="description">{t('item.description')}</label>
        <textarea id="description" name="description" rows={5} maxLength={20_000} {...described('description', errors)} />
        <FieldError field="description" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="categoryId">{t('item.category')}</label>
        <select id="categoryId" name="categoryId" defaultValue="" {...described('categoryId', errors)}>
          <option value="">{t('item.noCategory')}</option>
          {categoryOptions(categories).map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <FieldError field="categoryId" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="imageUrls">{t('item.imageLinks')}</label>
        <textarea
          id="imageUrls"
          name="imageUrls"
          rows={2}
          placeholder={t('item.imagePlaceholder')}
          value={imageText}
          onChange={(e) => setImageText(() => e.target.value)}
          {...described('imageUrls', errors, 'img-hint')}
        />
        <Hint id="img-hint">{t('item.imageHint')}</Hint>
        <FieldError field="imageUrls" errors={errors} />
      </div>
      <ImageUpload
        disabled={busy}
        errors={props.uploadErrors}
        setErrors={props.setUploadErrors}
        onUploaded={(url) => setImageText((old) => (old.trim() ? `${old.trimEnd()}\n${url}` : url))}
      />
    </fieldset>
  );
}

function TypeFieldset({ type, setType }: { type: AuctionType; setType: (t: AuctionType) => void }) {
  const { t } = useT('sell');
  return (
    <fieldset>
      <legend>{t('type.legend')}</legend>
      <div className="choices">
        {TYPES.map((value) => (
          <label key={value} className={type === value ? 'choice selected' : 'choice'}>
            <input type="radio" name="type" value={value} checked={type === value} onChange={() => setType(value)} />
            <span>
              <strong>{typeLabel(value)}</strong>
              <span className="hint">{t(`type.${value}`)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A money or number input with its label, hint and error. */
function Input(props: { field: Field; label: string; errors: FieldErrors; hint?: string; placeholder?: string; type?: string; defaultValue?: number }) {
  const { field, label, errors, hint } = props;
  return (
    <div className="field">
      <label htmlFor={field}>{label}</label>
      <input
        id={field}
        name={field}
        {...(props.type ? { type: props.type, min: 1 } : { inputMode: 'decimal' as const })}
        {...(props.placeholder ? { placeholder: props.placeholder } : {})}
        {...(props.defaultValue !== undefined ? { defaultValue: props.defaultValue } : {})}
        {...described(field, errors, ...(hint ? [`${field}-hint`] : []))}
      />
      {hint ? <Hint id={`${field}-hint`}>{hint}</Hint> : null}
      <FieldError field={field} errors={errors} />
    </div>
  );
}

function PriceFieldset({ type, errors, priceInput }: { type: AuctionType; errors: FieldErrors; priceInput: PriceInput }) {
  const { t } = useT('sell');
  return (
    <fieldset>
      <legend>{t('price.legend')}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor="currency">{t('price.currency')}</label>
          <select id="currency" name="currency" defaultValue="EUR" {...described('currency', errors)}>
            {OFFERED_CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <FieldError field="currency" errors={errors} />
        </div>
        <Input field="startingPrice" label={type === 'dutch' ? t('price.startingDutch') : t('price.starting')} errors={errors} placeholder="10.00" />
      </div>
      {type !== 'dutch' ? <Input field="reservePrice" label={t('price.reserve')} hint={t('price.reserveHint')} errors={errors} /> : null}
      {type === 'english' ? <Input field="buyNowPrice" label={t('price.buyNow')} hint={t('price.buyNowHint')} errors={errors} /> : null}
      {type === 'dutch' ? (
        <div className="row">
          <Input field="decrement" label={t('price.decrement')} errors={errors} placeholder="1.00" />
          <Input field="intervalSeconds" label={t('price.interval')} errors={errors} type="number" defaultValue={60} />
          <Input field="floorPrice" label={t('price.floor')} errors={errors} placeholder="5.00" />
        </div>
      ) : null}
      <FeeQuote amount={priceInput.amount} currency={priceInput.currency} categoryId={priceInput.categoryId} />
      <CategoryRules categoryId={priceInput.categoryId} currency={priceInput.currency} />
    </fieldset>
  );
}

function SoftCloseFields({ errors }: { errors: FieldErrors }) {
  const { t } = useT('sell');
  const [window, setWindow] = useState('2');
  const [extension, setExtension] = useState('2');
  return (
    <>
      <div className="row">
        <div className="field">
          <label htmlFor="windowMinutes">{t('timing.window')}</label>
          <input
            id="windowMinutes"
            name="windowMinutes"
            type="number"
            min={1}
            value={window}
            onChange={(e) => setWindow(e.target.value)}
            {...described('windowMinutes', errors, 'softclose-hint')}
          />
          <FieldError field="windowMinutes" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="extensionMinutes">{t('timing.extension')}</label>
          <input
            id="extensionMinutes"
            name="extensionMinutes"
            type="number"
            min={1}
            value={extension}
            onChange={(e) => setExtension(e.target.value)}
            {...described('extensionMinutes', errors, 'softclose-hint')}
          />
          <FieldError field="extensionMinutes" errors={errors} />
        </div>
      </div>
      <Hint id="softclose-hint">{softCloseHint(window, extension)}</Hint>
    </>
  );
}

function TimingFieldset(props: { type: AuctionType; errors: FieldErrors; c: Choices; setSchedule: (v: boolean) => void; setSoftClose: (v: boolean) => void }) {
  const { t } = useT('sell');
  const { type, errors, c } = props;
  return (
    <fieldset>
      <legend>{t('timing.legend')}</legend>
      <label className="check">
        <input type="checkbox" checked={c.schedule} onChange={(e) => props.setSchedule(e.target.checked)} /> {t('timing.startLater')}
      </label>
      {c.schedule ? <Input field="startsAt" label={t('timing.startsAt')} errors={errors} type="datetime-local" /> : null}
      <div className="field">
        <label htmlFor="duration">{t('timing.runsFor')}</label>
        <select id="duration" name="duration" defaultValue={String(86_400)} {...described('duration', errors)}>
          {DURATIONS.map((s) => (
            <option key={s} value={s}>
              {durationWords(s)}
            </option>
          ))}
        </select>
        <FieldError field="duration" errors={errors} />
      </div>
      {type === 'english' ? (
        <>
          <label className="check">
            <input type="checkbox" checked={c.softClose} onChange={(e) => props.setSoftClose(e.target.checked)} /> {t('timing.softClose')}
          </label>
          {c.softClose ? <SoftCloseFields errors={errors} /> : null}
        </>
      ) : null}
    </fieldset>
  );
}

interface PriceInput {
  amount: number | null;
  currency: string;
  categoryId: string;
}

function SellForm() {
  const { t } = useT('sell');
  const [imageText, setImageText] = useState('');
  const [type, setType] = useState<AuctionType>('english');
  const [schedule, setSchedule] = useState(false);
  const [softClose, setSoftClose] = useState(true);
  const [details, setDetails] = useState<DetailsDraft>(EMPTY_DETAILS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [uploadErrors, setUploadErrors] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [priceInput, setPriceInput] = useState<PriceInput>({ amount: null, currency: 'EUR', categoryId: '' });
  const choices: Choices = { type, schedule, softClose, imageText, details };

  const onFormChange = (e: FormEvent<HTMLFormElement>) => {
    const f = new FormData(e.currentTarget);
    const currency = String(f.get('currency') ?? 'EUR');
    const amount = optionalMoney(f.get('reservePrice'), currency) || optionalMoney(f.get('startingPrice'), currency) || null;
    const categoryId = String(f.get('categoryId') ?? '');
    setPriceInput((p) => (p.amount === amount && p.currency === currency && p.categoryId === categoryId ? p : { amount, currency, categoryId }));
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // A new attempt starts clean: old messages (an upload's too) never sit beside new ones.
    setUploadErrors([]);
    setAttempt((n) => n + 1);
    const read = readListing(new FormData(e.currentTarget), choices);
    setErrors(read.errors);
    setFormError(read.formError);
    if (!read.body) return;
    setBusy(true);
    try {
      const a = await api.createAuction(read.body);
      navigate(`/auctions/${a.id}`);
    } catch (err) {
      const p = apiProblem(err);
      if (p.field) setErrors({ [p.field]: p.message });
      else setFormError(p.message);
      setAttempt((n) => n + 1);
      setBusy(false);
    }
  };

  return (
    <form className="stack sell-form" onSubmit={submit} onChange={onFormChange} noValidate>
      <ErrorSummary errors={errors} formError={formError} focusKey={attempt} />
      <ItemFieldset
        errors={errors}
        busy={busy}
        imageText={imageText}
        setImageText={setImageText}
        uploadErrors={uploadErrors}
        setUploadErrors={setUploadErrors}
      />
      <DetailsFieldset value={details} onChange={setDetails} />
      <TypeFieldset type={type} setType={setType} />
      <PriceFieldset type={type} errors={errors} priceInput={priceInput} />
      <TimingFieldset type={type} errors={errors} c={choices} setSchedule={setSchedule} setSoftClose={setSoftClose} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('publishing') : t('submit')}
      </button>
    </form>
  );
}

export default function Sell() {
  const { t } = useT('sell');
  usePageTitle(t('pageTitle'));
  return (
    <RequireUser what="sell">
      <div className="page medium">
        <h1>{t('heading')}</h1>
        <SellForm />
      </div>
    </RequireUser>
  );
}

import { useEffect, useState } from 'react';
import { type AuctionType, MAX_AUCTION_IMAGES } from '../../../../shared/api/auctions';
import type { CategoryDetail } from '../../../../shared/api/catalog';
import { reader } from '../../format';
import { useT } from '../../i18n';
import { useCategoryDetail } from '../CategoryRules';
import { DetailsFieldset, type DetailsDraft, EMPTY_DETAILS } from '../item-details';
import { ErrorSummary, type FieldErrors } from './fields';
import { type ImageDraft, readyImages } from './images';
import { ItemFieldset } from './ItemFieldset';
import { liveRuleErrors } from './live-rules';
import { PriceFieldset, TypeFieldset } from './PriceFieldset';
import { type Choices, optionalMoney } from './read-listing';
import { filledNames, specsToSend, withRequired } from './specs';
import { SpecificationsField } from './SpecificationsField';
import { TimingFieldset } from './TimingFieldset';
import { useSubmit } from './use-submit';
import { VerifyPrompt } from '../VerifyPrompt';

/** The inputs the form reads on every change (the rest is in state). */
interface Snapshot {
  currency: string;
  startingPrice: string;
  reservePrice: string;
  categoryId: string;
  durationSeconds: number;
  startsAt: string;
}
const FIRST: Snapshot = { currency: 'EUR', startingPrice: '', reservePrice: '', categoryId: '', durationSeconds: 86_400, startsAt: '' };

function readSnapshot(form: HTMLFormElement): Snapshot {
  const f = new FormData(form);
  const s = (k: string) => String(f.get(k) ?? '');
  return {
    currency: s('currency') || 'EUR',
    startingPrice: s('startingPrice'),
    reservePrice: s('reservePrice'),
    categoryId: s('categoryId'),
    durationSeconds: Number(f.get('duration') ?? 86_400),
    startsAt: s('startsAt'),
  };
}

/** The category's rule messages for what the form holds now. */
function useLiveRules(category: CategoryDetail | null, snap: Snapshot, type: AuctionType, images: ImageDraft[], details: DetailsDraft): FieldErrors {
  const money = (v: string) => optionalMoney(v, snap.currency) ?? null;
  return liveRuleErrors(category?.effective.rules ?? null, {
    type,
    currency: snap.currency,
    startingPrice: money(snap.startingPrice),
    reservePrice: type === 'dutch' ? null : money(snap.reservePrice),
    durationSeconds: snap.durationSeconds,
    imageCount: readyImages(images).length,
    specificationNames: filledNames(details.specs),
  });
}

/** The sell form: its state, live rule messages, and the submit that sends it. */
export function SellForm() {
  const { t } = useT('sell');
  const [title, setTitle] = useState('');
  const [images, setImages] = useState<ImageDraft[]>([]);
  const [type, setType] = useState<AuctionType>('english');
  const [schedule, setSchedule] = useState(false);
  const [softClose, setSoftClose] = useState(true);
  const [details, setDetails] = useState<DetailsDraft>(EMPTY_DETAILS);
  const [uploadErrors, setUploadErrors] = useState<string[]>([]);
  const [snap, setSnap] = useState<Snapshot>(FIRST);
  const timeZone = reader().timeZone;
  const category = useCategoryDetail(snap.categoryId);
  const rules = category?.effective.rules ?? null;
  const required = rules?.requiredSpecifications ?? [];
  const live = useLiveRules(category, snap, type, images, details);
  // Rows are added when the category (and so its required names) changes, not on every render.
  const requiredKey = required.join('\n');
  useEffect(() => {
    const names = requiredKey ? requiredKey.split('\n') : [];
    if (names.length) setDetails((d) => ({ ...d, specs: withRequired(d.specs, names) }));
  }, [requiredKey]);

  const amount = optionalMoney(snap.reservePrice, snap.currency) || optionalMoney(snap.startingPrice, snap.currency) || null;
  const choices: Choices = { type, schedule, softClose, title, images, details: { ...details, specs: specsToSend(details.specs, required) }, timeZone };
  const { submit, busy, ...sent } = useSubmit(choices, live, () => setUploadErrors([]));
  // A server's rule refusal stands until the seller changes something; the live check then speaks for the rules.
  const { clearServerRule } = sent;
  useEffect(clearServerRule, [snap, type, images, details]);
  const shown: FieldErrors = { ...sent.errors, ...sent.serverRule, ...live };

  return (
    <form className="stack sell-form" onSubmit={submit} onChange={(e) => setSnap(readSnapshot(e.currentTarget))} noValidate>
      <ErrorSummary errors={sent.summary} formError={sent.formError} focusKey={sent.attempt} />
      <VerifyPrompt level={sent.verify ?? null} />
      <ItemFieldset
        errors={shown}
        busy={busy}
        title={title}
        setTitle={setTitle}
        images={images}
        setImages={setImages}
        maxImages={Math.min(rules?.maxImages ?? MAX_AUCTION_IMAGES, MAX_AUCTION_IMAGES)}
        uploadErrors={uploadErrors}
        setUploadErrors={setUploadErrors}
      />
      <DetailsFieldset
        value={details}
        onChange={setDetails}
        specifications={
          <SpecificationsField
            specs={details.specs}
            onChange={(specs) => setDetails((d) => ({ ...d, specs }))}
            required={required}
            suggested={rules?.suggestedSpecifications ?? []}
            errors={shown}
          />
        }
      />
      <TypeFieldset type={type} setType={setType} errors={shown} />
      <PriceFieldset type={type} errors={shown} priceInput={{ amount, currency: snap.currency, categoryId: snap.categoryId }} category={category} />
      <TimingFieldset
        type={type}
        errors={shown}
        schedule={schedule}
        softClose={softClose}
        setSchedule={setSchedule}
        setSoftClose={setSoftClose}
        timeZone={timeZone}
        startsAt={snap.startsAt}
        durationSeconds={snap.durationSeconds}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('publishing') : t('submit')}
      </button>
    </form>
  );
}

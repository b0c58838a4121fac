import type { Dispatch, SetStateAction } from 'react';
import { TITLE_MAX_LENGTH } from '../../../../shared/api/auctions';
import { categoryOptions, useCategories } from '../../hooks';
import { useT } from '../../i18n';
import { described, type FieldErrors, FieldError } from './fields';
import type { ImageDraft } from './images';
import { ImageUploader } from './ImageUploader';

/** Title, description, category and photos. */
export function ItemFieldset(props: {
  errors: FieldErrors;
  busy: boolean;
  title: string;
  setTitle: (v: string) => void;
  images: ImageDraft[];
  setImages: Dispatch<SetStateAction<ImageDraft[]>>;
  maxImages: number;
  uploadErrors: string[];
  setUploadErrors: (e: string[]) => void;
}) {
  const { t } = useT('sell');
  const { errors, title } = props;
  const categories = useCategories();
  const length = [...title.trim()].length;
  return (
    <fieldset>
      <legend>{t('item.legend')}</legend>
      <div className="field">
        <label htmlFor="title">{t('item.title')}</label>
        {/* No maxLength: a title that is too long is said so, never cut. */}
        <input id="title" name="title" required value={title} onChange={(e) => props.setTitle(e.target.value)} {...described('title', errors, 'title-counter')} />
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
      <ImageUploader
        images={props.images}
        setImages={props.setImages}
        title={title}
        max={props.maxImages}
        disabled={props.busy}
        errors={errors}
        uploadErrors={props.uploadErrors}
        setUploadErrors={props.setUploadErrors}
      />
    </fieldset>
  );
}

import { type ChangeEvent, type Dispatch, type DragEvent, type SetStateAction, useState } from 'react';
import { ApiError, errorText } from '../../api';
import { t as tr, useT } from '../../i18n';
import { ErrorNote } from '../ui';
import { describedGroup, type FieldErrors, FieldError, Hint } from './fields';
import { type ImageDraft, imageLink, moveImage } from './images';
import { ImageList } from './ImageList';
import { uploadWithProgress } from './upload-request';

const ACCEPT = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** What went wrong with one file, in words. */
function uploadError(file: File, err: unknown): string {
  if (err instanceof ApiError && err.code === 'PAYLOAD_TOO_LARGE') return tr('sell:upload.tooLarge', { name: file.name });
  return tr('sell:upload.failed', { name: file.name, reason: errorText(err) });
}

let nextKey = 0;
const newKey = () => `img-${++nextKey}`;

interface Props {
  images: ImageDraft[];
  setImages: Dispatch<SetStateAction<ImageDraft[]>>;
  title: string;
  /** The most photos the listing may have (the category's rule, else the platform's). */
  max: number;
  disabled: boolean;
  errors: FieldErrors;
  uploadErrors: string[];
  setUploadErrors: (e: string[]) => void;
}

/** Uploads files one after the other, each with its own progress; the messages are the form's to clear. */
function useUploads({ images, setImages, max, setUploadErrors }: Props) {
  const [status, setStatus] = useState<string | null>(null);
  const patch = (key: string, p: Partial<ImageDraft>) => setImages((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)));
  const add = async (files: File[]) => {
    setUploadErrors([]);
    const room = Math.max(0, max - images.length);
    const refused = files.slice(room).map((f) => tr('sell:images.tooMany', { count: max, name: f.name }));
    const drafts = files.slice(0, room).map((f) => ({ file: f, draft: fileDraft(f) }));
    setImages((list) => [...list, ...drafts.map((d) => d.draft)]);
    const failed: string[] = [...refused];
    let done = 0;
    for (const [i, { file, draft }] of drafts.entries()) {
      // Said in words too: a progress bar alone is not announced as it moves.
      setStatus(drafts.length > 1 ? tr('sell:upload.uploadingOf', { index: i + 1, total: drafts.length, name: file.name }) : tr('sell:upload.uploading', { name: file.name }));
      try {
        const up = await uploadWithProgress(file, (progress) => patch(draft.key, { progress }));
        patch(draft.key, { status: 'done', uploadId: up.id, preview: up.variants.thumbnail.url, progress: 1 });
        done += 1;
      } catch (err) {
        failed.push(uploadError(file, err));
        setImages((list) => list.filter((i) => i.key !== draft.key));
      } finally {
        URL.revokeObjectURL(draft.preview);
      }
    }
    setUploadErrors(failed);
    setStatus(done ? tr('sell:upload.uploaded', { count: done }) : null);
  };
  return { status, setStatus, add };
}

function fileDraft(file: File): ImageDraft {
  return { key: newKey(), name: file.name, uploadId: null, url: null, preview: URL.createObjectURL(file), alt: null, progress: 0, status: 'uploading' };
}

/** A link to a photo hosted elsewhere, added to the same list. */
function LinkAdder({ onAdd, disabled, full }: { onAdd: (url: string) => string | null; disabled: boolean; full: boolean }) {
  const { t } = useT('sell');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const problem = onAdd(text);
    setError(problem);
    if (!problem) setText('');
  };
  return (
    <div className="field">
      <label htmlFor="imageLink">{t('images.link')}</label>
      <div className="row">
        <input
          id="imageLink"
          type="url"
          value={text}
          disabled={disabled || full}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            }
          }}
          {...(error ? { 'aria-invalid': true, 'aria-describedby': 'imageLink-error' } : {})}
        />
        <button type="button" className="button button-ghost" disabled={disabled || full || !text.trim()} onClick={submit}>
          {t('images.addLink')}
        </button>
      </div>
      {error ? (
        <p className="field-error" id="imageLink-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Photos: drop or pick files (each uploads with its progress), or add links; reorder, describe and remove them. */
export function ImageUploader(props: Props) {
  const { t } = useT('sell');
  const { images, setImages, max, disabled, errors } = props;
  const uploads = useUploads(props);
  const [over, setOver] = useState(false);
  const full = images.length >= max;
  const onPick = async (e: ChangeEvent<HTMLInputElement>) => {
    const el = e.currentTarget;
    const files = [...(el.files ?? [])];
    if (files.length) await uploads.add(files);
    el.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files].filter((f) => ACCEPT.includes(f.type));
    if (files.length && !disabled) void uploads.add(files);
  };
  const addLink = (text: string): string | null => {
    const url = imageLink(text);
    if (!url) return tr('sell:errors.badImageLink', { url: text.trim() });
    setImages((list) => [...list, { key: newKey(), name: url, uploadId: null, url, preview: url, alt: null, progress: 1, status: 'done' }]);
    return null;
  };
  const move = (from: number, to: number) => {
    setImages((list) => moveImage(list, from, to));
    const target = Math.max(0, Math.min(images.length - 1, to));
    uploads.setStatus(t('images.moved', { n: target + 1, total: images.length }));
  };
  return (
    <div className="field sell-photos" id="images" tabIndex={-1} {...describedGroup('images', errors)}>
      <span className="field-label">{t('images.legend')}</span>
      <div
        className={over ? 'sell-dropzone over' : 'sell-dropzone'}
        data-testid="image-dropzone"
        onDragOver={(e) => {
          if ([...e.dataTransfer.types].includes('Files')) {
            e.preventDefault();
            setOver(true);
          }
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor="imageFiles">{t('upload.label')}</label>
        <input
          id="imageFiles"
          type="file"
          accept={ACCEPT.join(',')}
          multiple
          disabled={disabled || full}
          onChange={onPick}
          aria-describedby="upload-hint upload-status"
        />
        <Hint id="upload-hint">{`${t('upload.dropHint')} ${t('upload.hint')} ${t('images.count', { count: images.length, max })}`}</Hint>
      </div>
      <p className="hint" id="upload-status" role="status" aria-live="polite" data-testid="upload-status">
        {uploads.status}
      </p>
      {props.uploadErrors.length > 0 ? (
        <div data-testid="upload-errors">
          {props.uploadErrors.map((m) => (
            <ErrorNote key={m}>{m}</ErrorNote>
          ))}
        </div>
      ) : null}
      <ImageList
        images={images}
        title={props.title}
        disabled={disabled}
        onMove={move}
        onRemove={(key) => setImages((list) => list.filter((i) => i.key !== key))}
        onAlt={(key, alt) => setImages((list) => list.map((i) => (i.key === key ? { ...i, alt } : i)))}
      />
      <LinkAdder onAdd={addLink} disabled={disabled} full={full} />
      <FieldError field="images" errors={errors} />
    </div>
  );
}

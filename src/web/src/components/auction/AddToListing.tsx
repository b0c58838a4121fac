import { type FormEvent, useState } from 'react';
import type { AddendumBody } from '../../../../shared/api/auctions';
import { errorText } from '../../api';
import { useT } from '../../i18n';
import { addToListing } from '../../revisions-api';
import { ErrorNote } from '../ui';
import type { ActionProps } from './shared';

/** The seller's form once bids exist: only additions (text, one photo, one specification at a time). */
export function AddToListing({ a, onDone }: ActionProps) {
  const { t } = useT('revisions');
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState('');
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!a.viewer?.isSeller || a.bidCount === 0 || a.status === 'closed' || a.status === 'cancelled') return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: AddendumBody = {
      ...(text.trim() ? { description: text.trim() } : {}),
      ...(photo.trim() ? { images: [{ url: photo.trim() }] } : {}),
      ...(name.trim() && value.trim() ? { specifications: [{ name: name.trim(), value: value.trim() }] } : {}),
    };
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await addToListing(a.id, body);
      setText('');
      setPhoto('');
      setName('');
      setValue('');
      setNote(t('add.done'));
      await onDone();
    } catch (err) {
      setError(errorText(err) || t('add.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="seller-tools add-to-listing" onSubmit={(e) => void submit(e)}>
      <h2>{t('add.heading')}</h2>
      <p className="muted">{t('add.note')}</p>
      <label>
        {t('add.description')}
        <textarea value={text} maxLength={5000} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        {t('add.photoUrl')}
        <input type="url" value={photo} onChange={(e) => setPhoto(e.target.value)} />
      </label>
      <label>
        {t('add.specName')}
        <input value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('add.specValue')}
        <input value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {t('add.submit')}
      </button>
      <p role="status">{note ?? ''}</p>
      <ErrorNote>{error}</ErrorNote>
    </form>
  );
}

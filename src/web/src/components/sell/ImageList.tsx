import { type DragEvent, useState } from 'react';
import { useT } from '../../i18n';
import { altOf, type ImageDraft, readyImages } from './images';

interface ListProps {
  images: ImageDraft[];
  title: string;
  disabled: boolean;
  onMove: (from: number, to: number) => void;
  onRemove: (key: string) => void;
  onAlt: (key: string, alt: string) => void;
}

/** One photo: thumbnail, progress while it uploads, alt text, and buttons to move or remove it. */
function ImageCard(props: ListProps & { img: ImageDraft; index: number; dragFrom: number | null; setDragFrom: (i: number | null) => void }) {
  const { t } = useT('sell');
  const { img, index, images, disabled } = props;
  const n = index + 1;
  const ready = readyImages(images).indexOf(img);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (props.dragFrom !== null) props.onMove(props.dragFrom, index);
    props.setDragFrom(null);
  };
  return (
    <li
      className={props.dragFrom === index ? 'sell-image dragging' : 'sell-image'}
      data-testid="sell-image"
      data-key={img.key}
      draggable={!disabled}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', img.key);
        props.setDragFrom(index);
      }}
      onDragEnd={() => props.setDragFrom(null)}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
      aria-label={t('images.photo', { n, total: images.length })}
    >
      <img className="sell-image-thumb" src={img.preview} alt="" width={96} height={72} />
      {img.status === 'uploading' ? (
        <progress max={1} value={img.progress} aria-label={t('images.progress', { name: img.name })}>
          {Math.round(img.progress * 100)}%
        </progress>
      ) : null}
      {img.status === 'failed' ? <p className="field-error">{img.error}</p> : null}
      {img.status === 'done' ? (
        <label className="sell-image-alt">
          <span>{t('images.alt', { n })}</span>
          <input value={altOf(img, props.title, ready)} maxLength={300} onChange={(e) => props.onAlt(img.key, e.target.value)} />
        </label>
      ) : null}
      <div className="sell-image-actions">
        <button type="button" className="button button-ghost button-small" disabled={disabled || index === 0} onClick={() => props.onMove(index, index - 1)} aria-label={t('images.moveLeft', { n })}>
          ←
        </button>
        <button
          type="button"
          className="button button-ghost button-small"
          disabled={disabled || index === images.length - 1}
          onClick={() => props.onMove(index, index + 1)}
          aria-label={t('images.moveRight', { n })}
        >
          →
        </button>
        <button type="button" className="button button-ghost button-small" disabled={disabled} onClick={() => props.onRemove(img.key)} aria-label={t('images.remove', { n })}>
          {t('images.removeShort')}
        </button>
      </div>
    </li>
  );
}

/** The photos in the order buyers will see them; reordered by dragging or by the move buttons. */
export function ImageList(props: ListProps) {
  const { t } = useT('sell');
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  if (props.images.length === 0) return null;
  return (
    <ol className="sell-images" aria-label={t('images.list')}>
      {props.images.map((img, index) => (
        <ImageCard key={img.key} {...props} img={img} index={index} dragFrom={dragFrom} setDragFrom={setDragFrom} />
      ))}
    </ol>
  );
}

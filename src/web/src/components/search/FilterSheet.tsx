import { type ReactNode, useEffect, useRef, useSyncExternalStore } from 'react';
import { useT } from '../../i18n';

/** The width from which the filters sit beside the results instead of in a sheet. */
const WIDE = '(min-width: 900px)';

function subscribe(fn: () => void): () => void {
  const m = window.matchMedia(WIDE);
  m.addEventListener('change', fn);
  return () => m.removeEventListener('change', fn);
}

/** True while the window is wide enough for the sidebar. */
export function useWide(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(WIDE).matches);
}

/**
 * The filters as a modal sheet on phones. A modal <dialog> keeps focus inside it (the page
 * behind is inert), closes on Escape and gives focus back to the button that opened it.
 */
export function FilterSheet({ open, onClose, children }: { open: boolean; onClose(): void; children: ReactNode }) {
  const { t } = useT('browse');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="filter-sheet"
      aria-labelledby="filter-sheet-title"
      onClose={onClose}
      // A click on the backdrop lands on the dialog itself (its content covers the rest): it closes the sheet.
      onClick={(e) => e.target === e.currentTarget && onClose()}
    >
      <div className="filter-sheet-inner">
        <div className="filter-sheet-head">
        <h2 id="filter-sheet-title">{t('filters')}</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('closeFilters')}
        </button>
      </div>
        {children}
      </div>
    </dialog>
  );
}

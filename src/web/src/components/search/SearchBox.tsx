import { type KeyboardEvent, useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { searchApi } from '../../search-api';

/** Wait this long after the last key before asking for suggestions. */
const DEBOUNCE_MS = 200;
const MIN_CHARS = 2;
const LIST_ID = 'site-search-suggestions';

/** Suggestions for what has been typed, fetched once typing pauses; stale answers are dropped. */
function useSuggestions(text: string, enabled: boolean): string[] {
  const [list, setList] = useState<string[]>([]);
  useEffect(() => {
    const q = text.trim();
    if (!enabled || q.length < MIN_CHARS) {
      setList([]);
      return;
    }
    const ctl = new AbortController();
    const timer = window.setTimeout(() => {
      searchApi
        .suggest(q, ctl.signal)
        .then((r) => !ctl.signal.aborted && setList(r.suggestions))
        .catch(() => !ctl.signal.aborted && setList([]));
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [text, enabled]);
  return list;
}

/**
 * The header's search box: an ARIA combobox whose listbox offers titles as one types.
 * Arrow keys move through them, Enter searches for the chosen one (or the typed words), Escape closes the list.
 */
export function SearchBox() {
  const { t } = useT('layout');
  const { t: ts } = useT('search');
  const { path, query } = useLocation();
  const onSearch = path === '/browse' ? (query.get('q') ?? '') : '';
  const [text, setText] = useState(onSearch);
  const [typed, setTyped] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const suggestions = useSuggestions(text, typed);
  const shown = open && suggestions.length > 0;

  // A new page shows its own words (the search page's) and closes the list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of page resets the box
  useEffect(() => {
    setText(onSearch);
    setTyped(false);
    setOpen(false);
  }, [path, onSearch]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list starts with nothing chosen
  useEffect(() => setActive(-1), [suggestions]);

  const go = (words: string) => {
    const q = words.trim();
    setOpen(false);
    setTyped(false);
    setText(q);
    navigate(q ? `/browse?q=${encodeURIComponent(q)}` : '/browse');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = suggestions.length;
      if (n === 0) return;
      e.preventDefault();
      const down = e.key === 'ArrowDown';
      setOpen(true);
      // Positions -1 (the typed words) and 0..n-1, round and round.
      setActive((i) => {
        if (!shown) return down ? 0 : n - 1;
        const next = i + (down ? 1 : -1);
        return next >= n ? -1 : next < -1 ? n - 1 : next;
      });
    } else if (e.key === 'Escape') {
      if (shown) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(shown && active >= 0 && active < suggestions.length ? (suggestions[active] ?? text) : text);
    }
  };

  return (
    <search className="search">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          go(text);
        }}
      >
        <label htmlFor="site-search" className="sr-only">
          {t('search.label')}
        </label>
        <div className="search-combo">
          <input
            id="site-search"
            name="q"
            type="search"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={shown}
            aria-controls={LIST_ID}
            aria-activedescendant={shown && active >= 0 && active < suggestions.length ? `${LIST_ID}-${active}` : undefined}
            placeholder={t('search.placeholder')}
            autoComplete="off"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setTyped(true);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            onFocus={() => setOpen(true)}
          />
          <ul id={LIST_ID} role="listbox" aria-label={ts('suggestions')} className="search-suggestions" hidden={!shown}>
            {suggestions.map((s, i) => (
              <li
                key={s}
                id={`${LIST_ID}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                // Mouse down would blur the input (closing the list) before the click lands.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => go(s)}
              >
                {s}
              </li>
            ))}
          </ul>
        </div>
        <p className="sr-only" aria-live="polite">
          {shown ? ts('suggestionsShown', { count: suggestions.length }) : ''}
        </p>
      </form>
    </search>
  );
}

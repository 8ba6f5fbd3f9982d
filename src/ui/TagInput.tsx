/**
 * Adding tags: an input that suggests the user's existing tags, most used first, filtered
 * by what is typed. Enter adds and closes, a comma adds and stays, Backspace on an empty
 * input removes the last tag, Esc closes keeping the draft.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { TagCount } from '../shared/messages';

export interface TagInputProps {
  tags: string[];
  suggest(): Promise<TagCount[]>;
  onAdd(tag: string): void;
  onRemoveLast(): void;
  onClose(refocus: boolean): void;
}

// Survives the input closing and opening again on the same paper ("what was typed is kept").
const drafts = new WeakMap<object, string>();

export function TagInput({ tags, suggest, onAdd, onRemoveLast, onClose }: TagInputProps) {
  const [draft, setDraft] = useState(() => drafts.get(suggest) ?? '');
  const [known, setKnown] = useState<TagCount[]>([]);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);

  // Focus before the next key arrives (not after paint), so fast typing lands in the input.
  useLayoutEffect(() => {
    input.current?.focus();
    let live = true;
    suggest()
      .then((t) => live && setKnown(t))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => void drafts.set(suggest, draft), [draft]);

  const options = useMemo(() => {
    const q = draft.trim().toLowerCase().replace(/\s+/g, '-');
    return known.filter((t) => !tags.includes(t.tag) && t.tag.includes(q)).slice(0, 8);
  }, [known, tags, draft]);

  const commit = (text: string, close: boolean) => {
    const tag = text.trim();
    if (tag) onAdd(tag);
    setDraft('');
    setActive(-1);
    if (close) {
      input.current?.blur();
      onClose(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const chosen = active >= 0 ? options[active]?.tag : undefined;
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(chosen ?? draft, true);
    } else if (e.key === ',') {
      e.preventDefault();
      commit(chosen ?? draft, false);
    } else if (e.key === 'Backspace' && draft === '') {
      e.preventDefault();
      onRemoveLast();
    } else if (e.key === 'ArrowDown' && options.length) {
      e.preventDefault();
      setActive((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && options.length) {
      e.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    }
  };

  return (
    <span class="tag-input">
      <input
        ref={input}
        type="text"
        role="combobox"
        aria-label="New tag"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls="tag-suggestions"
        aria-activedescendant={active >= 0 ? `tag-option-${active}` : undefined}
        placeholder="tag, Enter"
        maxLength={60}
        value={draft}
        onInput={(e) => {
          setDraft((e.currentTarget as HTMLInputElement).value);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
      />
      {options.length > 0 && (
        <ul class="suggestions" id="tag-suggestions" role="listbox" aria-label="Your tags">
          {options.map((t, i) => (
            <li
              id={`tag-option-${i}`}
              key={t.tag}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                commit(t.tag, false);
              }}
            >
              {t.tag} <span class="count">{t.count}</span>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

/**
 * The note editor: a textarea that keeps text exactly as typed and reports every change
 * (the owner saves as you type). Esc closes it; the text is already saved or on its way.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface NoteEditorProps {
  initial: string;
  label: string;
  onInput(text: string): void;
  /** refocus: give focus back to the note button (Esc); false when focus moved elsewhere. */
  onClose(refocus: boolean): void;
}

export function NoteEditor({ initial, label, onInput, onClose }: NoteEditorProps) {
  // The draft is the editor's own while it is open: a save echoed back from the
  // background must not move the caret or drop a keystroke typed since.
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  // Focus as the editor opens, before the next key arrives (a layout effect, not after paint):
  // what a fast typist types after `n` belongs in the note, not to the page's shortcuts.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  return (
    <div class="note-editor">
      <textarea
        ref={area}
        aria-label={label}
        placeholder="Your note (saved as you type)"
        value={text}
        rows={Math.min(12, Math.max(3, text.split('\n').length + 1))}
        onInput={(e) => {
          const value = (e.currentTarget as HTMLTextAreaElement).value;
          setText(value);
          onInput(value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose(true);
          }
        }}
      />
      <div class="hint">Saved as you type · Esc to close</div>
    </div>
  );
}

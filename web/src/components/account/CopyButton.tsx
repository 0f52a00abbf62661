import { useEffect, useState } from 'react';

/** Copies a text to the clipboard and says so for a moment (or that the browser refused). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') {
      return;
    }
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="button subtle"
      onClick={() => {
        navigator.clipboard
          .writeText(text)
          .then(() => setState('copied'))
          .catch(() => setState('failed'));
      }}
    >
      {label}
      <span aria-live="polite">{state === 'copied' ? ' ✓ copied' : state === 'failed' ? ' (select and copy by hand)' : ''}</span>
    </button>
  );
}

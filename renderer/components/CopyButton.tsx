import { useState } from 'react';
import { Icon } from './Icon';

/** Copies `text` to the clipboard, confirming briefly. Falls back to a hidden textarea over http. */
export function CopyButton({ text, label = 'Copy', className = 'btn btn-icon btn-subtle' }: { text: string; label?: string; className?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className={className}
      title={done ? 'Copied' : label}
      aria-label={label}
      onClick={(e) => {
        e.stopPropagation();
        void copyText(text).then((ok) => {
          if (!ok) return;
          setDone(true);
          window.setTimeout(() => setDone(false), 1200);
        });
      }}
    >
      {done ? <span className="copied">✓</span> : <Icon name="copy" size={14} />}
    </button>
  );
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'offscreen';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

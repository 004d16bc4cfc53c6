/**
 * Global keyboard shortcuts. Keys typed into inputs and the editor are left alone; "g" starts
 * a two-key chord for navigation, as in GitHub and Gmail.
 */

import { useEffect } from 'react';
import { useRouter } from './router';
import { NAV } from './routes';
import { useTheme } from './theme';

export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: '/', what: 'Focus the query editor, or the page’s filter' },
  { keys: 'Enter', what: 'Run the query (in the editor)' },
  { keys: 'Shift+Enter', what: 'New line in the editor' },
  { keys: 'Ctrl/⌘+Space', what: 'Show completions' },
  { keys: 'Shift+Alt+F', what: 'Format the query' },
  { keys: 'Alt+↑ / Alt+↓', what: 'Previous / next query from the history' },
  { keys: 'Ctrl/⌘+Shift+H', what: 'Search the query history' },
  { keys: 'Esc', what: 'Leave the editor, close a menu' },
  ...NAV.map((n) => ({ keys: `g ${n.key}`, what: `Go to ${n.title}` })),
  { keys: 'Shift+D', what: 'Switch between light and dark theme' },
  { keys: '?', what: 'Show these shortcuts' },
];

function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

export function useGlobalShortcuts(showHelp: () => void): void {
  useEffect(() => {
    let chord = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
      if (document.querySelector('dialog[open]')) return;
      const now = Date.now();
      if (now - chord < 1500) {
        chord = 0;
        const nav = NAV.find((n) => n.key === e.key);
        if (nav) {
          e.preventDefault();
          useRouter.getState().navigate(nav.path);
        }
        return;
      }
      if (e.key === 'g') {
        chord = now;
        return;
      }
      if (e.key === '/') {
        const target = document.querySelector<HTMLElement>('.cm-content') ?? document.querySelector<HTMLElement>('main input.input');
        if (target) {
          e.preventDefault();
          target.focus();
        }
        return;
      }
      if (e.key === '?') {
        e.preventDefault();
        showHelp();
        return;
      }
      if (e.key === 'D' && e.shiftKey) {
        e.preventDefault();
        useTheme.getState().toggle();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [showHelp]);
}

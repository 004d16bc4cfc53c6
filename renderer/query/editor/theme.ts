/**
 * The editor's look, as a CodeMirror theme so it layers above CodeMirror's base theme (see
 * lib/cspStyles.ts). Colours are the app's CSS variables, so light and dark follow the page.
 */

import { EditorView } from '@codemirror/view';

export const editorTheme = EditorView.theme({
  '&': { fontSize: '13.5px', backgroundColor: 'transparent', color: 'var(--fg)', borderRadius: '6px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-content': { padding: '5px 0', minHeight: '30px', caretColor: 'var(--fg)' },
  '.cm-line': { padding: '0 10px' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--focus) 28%, transparent)',
  },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'color-mix(in srgb, var(--green) 22%, transparent)',
    outline: '1px solid color-mix(in srgb, var(--green) 55%, transparent)',
  },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--error-bg)', color: 'var(--error-fg)' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--error-fg)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--panel)',
    color: 'var(--fg)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    boxShadow: 'var(--shadow)',
    overflow: 'hidden',
  },
  '.cm-tooltip-lint': { fontSize: '12.5px' },
  '.cm-diagnostic': { padding: '5px 8px' },
  '.cm-diagnostic-error': { borderLeft: '3px solid var(--error-fg)' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono)', fontSize: '12.5px', maxHeight: '300px', minWidth: '300px' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '3px 8px', lineHeight: '1.5' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent-soft)', color: 'var(--fg)' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '8px' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700', color: 'var(--accent)' },
  '.cm-tooltip.cm-completionInfo': { maxWidth: '420px', padding: '6px 9px', fontFamily: 'system-ui, sans-serif', fontSize: '12.5px' },
  '.cm-completionIcon': { opacity: '0.7', width: '1.1em' },
});

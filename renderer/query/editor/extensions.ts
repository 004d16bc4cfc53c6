/**
 * The CodeMirror extensions of the query editor: the Prometheus UI's PromQL language support
 * (highlighting and completion from Hearth's API), the engine's parser as linter, bracket
 * matching, and the console's keys (Enter runs, Shift+Enter adds a line).
 */

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, insertNewlineAndIndent } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintKeymap, type Diagnostic } from '@codemirror/lint';
import { Prec, type Extension } from '@codemirror/state';
import { EditorView, highlightSpecialChars, keymap, placeholder, type Command } from '@codemirror/view';
import { tagHighlighter, tags } from '@lezer/highlight';
import { newCompleteStrategy, PromQLExtension } from '@prometheus-io/codemirror-promql';
import { parseQuery } from '../../api/endpoints';
import '../../lib/cspStyles';
import { diagnosticFromEngineError } from './engineLint';
import { editorTheme } from './theme';

/** One completion strategy (and so one cache of names and values) for every panel. */
const completeStrategy = newCompleteStrategy({
  remote: { url: '', httpMethod: 'GET', lookbackInterval: 12 * 3600 * 1000, cache: { maxAge: 5 * 60 * 1000 } },
  maxMetricsMetadata: 10000,
});

/** Token classes styled in styles/editor.css, so the colours follow the theme's CSS variables. */
const highlighter = tagHighlighter([
  { tag: tags.comment, class: 'pq-comment' },
  { tag: tags.labelName, class: 'pq-label' },
  { tag: tags.string, class: 'pq-string' },
  { tag: tags.number, class: 'pq-number' },
  { tag: tags.function(tags.variableName), class: 'pq-function' },
  { tag: tags.variableName, class: 'pq-metric' },
  { tag: tags.operatorKeyword, class: 'pq-aggregation' },
  { tag: tags.modifier, class: 'pq-modifier' },
  { tag: tags.logicOperator, class: 'pq-operator' },
  { tag: tags.operator, class: 'pq-operator' },
  { tag: tags.arithmeticOperator, class: 'pq-operator' },
  { tag: [tags.paren, tags.squareBracket, tags.brace], class: 'pq-bracket' },
  { tag: tags.invalid, class: 'pq-invalid' },
]);

/** Lints with the engine's parser through /api/v1/parse_query (cheap: no evaluation). */
const engineLinter = linter(
  async (view): Promise<Diagnostic[]> => {
    const doc = view.state.doc.toString();
    if (doc.trim() === '') return [];
    try {
      const r = await parseQuery(doc);
      if (r.status === 'success' || view.state.doc.toString() !== doc) return [];
      const d = diagnosticFromEngineError(doc, r.error);
      return [{ from: d.from, to: d.to, severity: 'error', message: d.message, source: 'PromQL' }];
    } catch {
      return [];
    }
  },
  { delay: 250 },
);

/**
 * Typing over or deleting a selection is applied by CodeMirror, not by the browser: Chrome's
 * native editing keeps the removed text's look (bold, colour) as an inline style attribute on
 * what is typed next, which the CSP blocks and reports. Input handlers (closeBrackets wrapping
 * a selection) still get their say.
 */
const selectionEdits = EditorView.domEventHandlers({
  beforeinput(e, view) {
    const range = selectedRange(view);
    if (!range) return false;
    const { from, to } = range;
    if (e.inputType === 'insertText' && e.data) {
      const text = e.data;
      const insert = () =>
        view.state.update({ changes: { from, to, insert: text }, selection: { anchor: from + text.length }, userEvent: 'input.type', scrollIntoView: true });
      e.preventDefault();
      for (const h of view.state.facet(EditorView.inputHandler)) if (h(view, from, to, text, insert)) return true;
      view.dispatch(insert());
      return true;
    }
    if (e.inputType.startsWith('delete') && e.inputType !== 'deleteByCut' && e.inputType !== 'deleteByDrag') {
      e.preventDefault();
      view.dispatch({ changes: { from, to }, selection: { anchor: from }, userEvent: 'delete.selection', scrollIntoView: true });
      return true;
    }
    return false;
  },
});

/**
 * The selected range, from the DOM when it holds a selection CodeMirror has not read yet (a
 * selection made and typed over in the same task, as scripts and tests do); null when empty.
 */
function selectedRange(view: EditorView): { from: number; to: number } | null {
  const sel = (view.root as Document).getSelection?.();
  if (sel && !sel.isCollapsed && sel.anchorNode && sel.focusNode && view.contentDOM.contains(sel.anchorNode) && view.contentDOM.contains(sel.focusNode)) {
    try {
      const a = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
      const b = view.posAtDOM(sel.focusNode, sel.focusOffset);
      if (a !== b) return { from: Math.min(a, b), to: Math.max(a, b) };
    } catch {
      // a DOM position outside the document's text: fall back to the editor's own selection
    }
  }
  const main = view.state.selection.main;
  return main.empty ? null : { from: main.from, to: main.to };
}

export interface EditorCallbacks {
  onRun: Command;
  onFormat: Command;
  onHistoryPrev: Command;
  onHistoryNext: Command;
  onHistorySearch: Command;
  onChange(doc: string): void;
}

export function editorExtensions(cb: EditorCallbacks): Extension[] {
  const promql = new PromQLExtension().setComplete({ completeStrategy }).activateLinter(false);
  return [
    editorTheme,
    highlightSpecialChars(),
    history(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ activateOnTyping: true, maxRenderedOptions: 80, icons: true }),
    syntaxHighlighting(highlighter),
    promql.asExtension(),
    engineLinter,
    selectionEdits,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': 'PromQL expression', spellcheck: 'false', autocapitalize: 'off' }),
    placeholder('Enter a PromQL expression… (Enter runs, Shift+Enter adds a line)'),
    Prec.high(
      keymap.of([
        { key: 'Enter', run: cb.onRun },
        { key: 'Shift-Enter', run: insertNewlineAndIndent },
        { key: 'Mod-Enter', run: cb.onRun },
        { key: 'Shift-Alt-f', run: cb.onFormat },
        { key: 'Mod-Shift-f', run: cb.onFormat },
        { key: 'Alt-ArrowUp', run: cb.onHistoryPrev },
        { key: 'Alt-ArrowDown', run: cb.onHistoryNext },
        { key: 'Mod-Shift-h', run: cb.onHistorySearch },
        {
          key: 'Escape',
          run: (v) => {
            v.contentDOM.blur();
            return false;
          },
        },
      ]),
    ),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) cb.onChange(u.state.doc.toString());
    }),
  ];
}

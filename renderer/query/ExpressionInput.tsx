import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { editorExtensions } from './editor/extensions';

export interface ExpressionInputHandle {
  /** Replaces the text (history, format, explorer) keeping focus in the editor. */
  setText(text: string): void;
  /** Inserts at the cursor. */
  insert(text: string): void;
  focus(): void;
  text(): string;
}

interface Props {
  initial: string;
  onRun(text: string): void;
  onFormat(text: string): void;
  onHistoryStep(dir: 1 | -1, text: string): void;
  onHistorySearch(): void;
  onChange?(text: string): void;
  autoFocus?: boolean;
}

/** The CodeMirror 6 PromQL editor. Created once per panel; callbacks are read through a ref. */
export const ExpressionInput = forwardRef<ExpressionInputHandle, Props>(function ExpressionInput(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const cb = useRef(props);
  cb.current = props;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.initial,
        extensions: editorExtensions({
          onRun: (ev) => {
            cb.current.onRun(ev.state.doc.toString());
            return true;
          },
          onFormat: (ev) => {
            cb.current.onFormat(ev.state.doc.toString());
            return true;
          },
          onHistoryPrev: (ev) => {
            cb.current.onHistoryStep(-1, ev.state.doc.toString());
            return true;
          },
          onHistoryNext: (ev) => {
            cb.current.onHistoryStep(1, ev.state.doc.toString());
            return true;
          },
          onHistorySearch: () => {
            cb.current.onHistorySearch();
            return true;
          },
          onChange: (doc) => cb.current.onChange?.(doc),
        }),
      }),
    });
    view.current = v;
    if (props.autoFocus) v.focus();
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor owns its text after creation; `initial` only seeds it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useImperativeHandle(ref, () => ({
    setText(text) {
      const v = view.current;
      if (!v) return;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, selection: { anchor: text.length } });
      v.focus();
    },
    insert(text) {
      const v = view.current;
      if (!v) return;
      v.dispatch(v.state.replaceSelection(text));
      v.focus();
    },
    focus() {
      view.current?.focus();
    },
    text() {
      return view.current?.state.doc.toString() ?? '';
    },
  }));

  return <div className="expr-editor" ref={host} data-testid="expr-editor" />;
});

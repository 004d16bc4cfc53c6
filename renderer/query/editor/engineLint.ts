/**
 * Lint diagnostics from the engine's own parser: the API's parse error "L:C: parse error: …"
 * mapped onto the editor's text. Pure, so it is tested without a browser.
 */

export interface EngineDiagnostic {
  from: number;
  to: number;
  message: string;
}

const POS_RE = /^(\d+):(\d+): (?:parse error: )?/;

/**
 * Where the engine says the error is, as offsets into `doc`. The span runs to the end of the
 * token at that position (at least one character), or marks the end of the text for errors
 * such as "unexpected end of input". Messages without a position mark the whole text.
 */
export function diagnosticFromEngineError(doc: string, error: string): EngineDiagnostic {
  const msg = error.replace(/^invalid parameter "[^"]*": /, '');
  const m = POS_RE.exec(msg);
  if (!m) return { from: 0, to: doc.length, message: msg };
  const line = Number(m[1]);
  const col = Number(m[2]);
  let lineStart = 0;
  for (let l = 1; l < line; l++) {
    const nl = doc.indexOf('\n', lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  const from = Math.min(doc.length, lineStart + Math.max(0, col - 1));
  let to = from;
  while (to < doc.length && !/[\s(),{}[\]]/.test(doc[to]!)) to++;
  if (to === from && to < doc.length) to++;
  return { from: to === from && from > 0 ? from - 1 : from, to, message: msg.slice(m[0].length) };
}

import { Entry, type Parser } from '../../../../../electron/core/scrape/textparse/index.js';

/**
 * Every entry of a parse as a compact line, so a test can compare a whole body at once.
 * Rows go into `out` as they are read, so a caller catching an error keeps those before it.
 */
export function dump(p: Parser, out: string[] = []): string[] {
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    switch (e) {
      case Entry.Series: {
        let s = `${p.labels().toString()} ${String(p.value)}`;
        if (p.hasTimestamp) s += ` @${p.timestampMs}`;
        const ex = p.exemplar();
        if (ex) s += ` # ${ex.labels.toString()} ${ex.value}${ex.timestampMs === undefined ? '' : ` @${ex.timestampMs}`}`;
        out.push(s);
        break;
      }
      case Entry.Help:
        out.push(`HELP ${p.familyName()} ${JSON.stringify(p.helpText())}`);
        break;
      case Entry.Type:
        out.push(`TYPE ${p.familyName()} ${p.metricType}`);
        break;
      case Entry.Unit:
        out.push(`UNIT ${p.familyName()} ${p.unitText()}`);
        break;
      case Entry.Comment:
        out.push(`COMMENT ${JSON.stringify(p.commentText())}`);
        break;
    }
  }
  return out;
}

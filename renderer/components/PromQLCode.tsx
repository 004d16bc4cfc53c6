import { linkHandler, queryLink } from '../app/router';

/** An expression shown as code, linking to the query page (graph tab) with it. */
export function PromQLCode({ expr, tab = 'graph' }: { expr: string; tab?: 'graph' | 'table' }) {
  const l = queryLink(expr, tab);
  return (
    <a className="promql-code" href={l.href} onClick={linkHandler(l.path, l.search)} title="Open in the query page">
      <code>{expr}</code>
    </a>
  );
}

import { useCallback, useMemo } from 'react';
import { useRouter } from '../app/router';

/**
 * A page's filters kept in its URL's search, as Prometheus's UI keeps them (links share the
 * view). Changes replace the history entry in place, so typing in a filter does not pile up
 * back-button steps.
 */
export function useUrlFilters<F>(parse: (search: string) => F, write: (f: F, current: string) => string): [F, (f: F) => void] {
  const search = useRouter((s) => s.search);
  const filters = useMemo(() => parse(search), [parse, search]);
  const set = useCallback(
    (f: F) => {
      const next = write(f, window.location.search);
      window.history.replaceState(window.history.state, '', window.location.pathname + next);
      useRouter.setState({ search: next });
    },
    [write],
  );
  return [filters, set];
}

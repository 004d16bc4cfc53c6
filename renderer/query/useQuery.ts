import { useEffect, useRef, useState } from 'react';
import type { ApiResponse } from '../../shared/api/envelope';
import { errorText } from '../api/client';

export interface QueryOutcome<T> {
  data: T;
  /** Round trip as the console saw it, ms. */
  tookMs: number;
  warnings: string[];
  infos: string[];
}

export interface QueryState<T> {
  /** The last good result; kept while a new one loads and when it fails. */
  result: QueryOutcome<T> | null;
  error: string | null;
  loading: boolean;
}

/**
 * Runs `run` whenever `key` changes (null: nothing to run). A newer key aborts the older
 * request. The previous result stays visible through loading and errors.
 */
export function useQuery<T>(key: string | null, run: (signal: AbortSignal) => Promise<ApiResponse<T>>): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ result: null, error: null, loading: false });
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    if (key === null) {
      setState({ result: null, error: null, loading: false });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const t0 = performance.now();
    runRef
      .current(ctl.signal)
      .then((r) => {
        if (ctl.signal.aborted) return;
        const tookMs = performance.now() - t0;
        if (r.status === 'success') {
          setState({ result: { data: r.data, tookMs, warnings: r.warnings ?? [], infos: r.infos ?? [] }, error: null, loading: false });
        } else {
          setState((s) => ({ ...s, error: errorText(r), loading: false }));
        }
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setState((s) => ({ ...s, error: String(err), loading: false }));
      });
    return () => ctl.abort();
  }, [key]);
  return state;
}

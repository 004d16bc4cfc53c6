/**
 * React hooks over the fetch path. A hook keeps the last good data while it reloads or when a
 * reload fails, so pages never blank out; the error travels beside the data.
 */

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResponse } from '../../shared/api/envelope';
import { errorText } from './client';

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  warnings: string[];
  loading: boolean;
  /** When the last response (good or bad) arrived, ms. */
  updatedAt: number;
  reload(): void;
}

export interface UseApiOptions {
  /** Re-fetch every this many ms while mounted and the tab is visible. */
  refreshMs?: number;
  enabled?: boolean;
}

/** Fetches with `fetcher` when `key` changes (and on reload / refresh), aborting stale requests. */
export function useApi<T>(key: string, fetcher: (signal: AbortSignal) => Promise<ApiResponse<T>>, opts: UseApiOptions = {}): ApiState<T> {
  const { refreshMs, enabled = true } = opts;
  const [state, setState] = useState<Omit<ApiState<T>, 'reload'>>({ data: null, error: null, warnings: [], loading: enabled, updatedAt: 0 });
  const [tick, setTick] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    fetcherRef
      .current(ctl.signal)
      .then((r) => {
        if (ctl.signal.aborted) return;
        if (r.status === 'success') setState({ data: r.data, error: null, warnings: r.warnings ?? [], loading: false, updatedAt: Date.now() });
        else setState((s) => ({ ...s, error: errorText(r), loading: false, updatedAt: Date.now() }));
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setState((s) => ({ ...s, error: String(err), loading: false }));
      });
    return () => ctl.abort();
  }, [key, tick, enabled]);

  useEffect(() => {
    if (!refreshMs || !enabled) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, refreshMs);
    return () => window.clearInterval(id);
  }, [refreshMs, enabled, reload]);

  return { ...state, reload };
}

/** Loads a resource, reloads it on a timer while the tab is visible, and on demand. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): Promise<void>;
}

export const useResource = <T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
  refreshMs?: number,
): Resource<T> => {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean; key: string }>({
    loading: true,
    key,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const controller = useRef<AbortController | undefined>(undefined);

  const reload = useCallback(async () => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    try {
      const data = await loadRef.current(current.signal);
      if (!current.signal.aborted) setState({ data, loading: false, key });
    } catch (error) {
      if (current.signal.aborted) return;
      setState((previous) => ({ ...previous, error: error as Error, loading: false }));
    }
  }, [key]);

  useEffect(() => {
    setState((previous) => (previous.key === key ? previous : { loading: true, key }));
    void reload();
    if (!refreshMs) return () => controller.current?.abort();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, refreshMs);
    return () => {
      clearInterval(timer);
      controller.current?.abort();
    };
  }, [key, refreshMs, reload]);

  return {
    data: state.key === key ? state.data : undefined,
    error: state.error,
    loading: state.loading,
    reload,
  };
};

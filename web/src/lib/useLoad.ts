import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping the shown data until the new answer arrives (no flicker on live refreshes). */
  reload: () => void;
}

/** Runs `load` when `keys` change and on reload(); answers that arrive after a newer call started are dropped. */
export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true }));
    loader
      .current()
      .then((data) => {
        if (mine === generation.current) {
          setState({ data, error: undefined, loading: false });
        }
      })
      .catch((error: unknown) => {
        if (mine === generation.current) {
          setState((previous) => ({ data: previous.data, error, loading: false }));
        }
      });
  }, []);

  useEffect(() => {
    setState({ data: undefined, error: undefined, loading: true });
    run();
  }, keys);

  return { ...state, reload: run };
}

import { useEffect, useRef, useState } from 'react';
import { useLoad } from './useLoad';

/** A newest-first list loaded page by page: the rows so far and the cursor of the next (older) page. */
export interface PageList<T> {
  rows: T[];
  nextCursor?: string;
}

/**
 * The list after a live refresh fetched the newest page again: the fresh rows first (they carry the latest status),
 * then every row loaded before that the fresh page does not hold, so pages fetched with "Load more" stay. `reset` when
 * the fresh page does not touch the loaded rows at all (more new rows than a page arrived): then the rows in between are
 * unknown and the list starts over from the fresh page.
 */
export function mergeFirstPage<T>(current: PageList<T> | null, fresh: PageList<T>, keyOf: (row: T) => string | number): { list: PageList<T>; reset: boolean } {
  if (!current || current.rows.length === 0) {
    return { list: fresh, reset: false };
  }
  const freshKeys = new Set(fresh.rows.map(keyOf));
  const overlaps = current.rows.some((row) => freshKeys.has(keyOf(row)));
  // A fresh page that is not full is the whole list: nothing older can be missing between it and the loaded rows.
  if (!overlaps && fresh.nextCursor) {
    return { list: fresh, reset: true };
  }
  const kept = current.rows.filter((row) => !freshKeys.has(keyOf(row)));
  return {
    list: { rows: [...fresh.rows, ...kept], nextCursor: kept.length > 0 ? current.nextCursor : fresh.nextCursor },
    reset: false,
  };
}

/** An older page appended to the list (rows it already holds are not repeated). */
export function appendPage<T>(current: PageList<T>, page: PageList<T>, keyOf: (row: T) => string | number): PageList<T> {
  const have = new Set(current.rows.map(keyOf));
  return { rows: [...current.rows, ...page.rows.filter((row) => !have.has(keyOf(row)))], nextCursor: page.nextCursor };
}

export interface Paged<T> {
  rows: T[] | undefined;
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  /** Fetches the newest page again and merges it into the loaded rows (live refresh). */
  reload: () => void;
  loadMore: () => void;
}

/**
 * The newest page (reloadable) plus older pages fetched with "Load more" by cursor. A reload keeps the older pages
 * (mergeFirstPage); a "Load more" answer that arrives after the list started over (another market, or a reset) is
 * dropped instead of being appended to rows it does not follow.
 */
export function usePagedList<T>(
  fetchPage: (cursor?: string) => Promise<PageList<T>>,
  keyOf: (row: T) => string | number,
  keys: unknown[],
): Paged<T> {
  const first = useLoad(() => fetchPage(), keys);
  const [list, setList] = useState<PageList<T> | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  // Bumped whenever the list starts over: answers to "Load more" asked before then no longer belong to it.
  const generation = useRef(0);
  const listRef = useRef<PageList<T> | null>(null);
  const keyRef = useRef(keyOf);
  keyRef.current = keyOf;

  const apply = (next: PageList<T> | null) => {
    listRef.current = next;
    setList(next);
  };

  useEffect(() => {
    if (!first.data) {
      // New keys (another market): start over.
      generation.current++;
      apply(null);
      setLoadingMore(false);
      setMoreError(undefined);
      return;
    }
    const { list: merged, reset } = mergeFirstPage(listRef.current, first.data, keyRef.current);
    if (reset) {
      generation.current++;
      setLoadingMore(false);
    }
    apply(merged);
  }, [first.data]);

  return {
    rows: list?.rows ?? first.data?.rows,
    error: first.error,
    loading: first.loading,
    hasMore: !!(list ? list.nextCursor : first.data?.nextCursor),
    loadingMore,
    moreError,
    reload: first.reload,
    loadMore: () => {
      const current = listRef.current;
      if (!current?.nextCursor || loadingMore) {
        return;
      }
      const mine = generation.current;
      setLoadingMore(true);
      setMoreError(undefined);
      fetchPage(current.nextCursor)
        .then((page) => {
          if (mine === generation.current && listRef.current) {
            apply(appendPage(listRef.current, page, keyRef.current));
          }
        })
        .catch((error: unknown) => {
          if (mine === generation.current) {
            setMoreError(error);
          }
        })
        .finally(() => {
          if (mine === generation.current) {
            setLoadingMore(false);
          }
        });
    },
  };
}

import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mergeFirstPage, usePagedList, type PageList } from './usePagedList';

interface Row {
  id: number;
  status: string;
}

const rows = (from: number, to: number, status = 'NEW'): Row[] => {
  const list: Row[] = [];
  for (let id = from; id >= to; id--) {
    list.push({ id, status });
  }
  return list;
};

/** A fetchPage whose answers the test hands out one by one, in any order. */
function controlledPages() {
  const asked: Array<{ cursor?: string; answer: (page: PageList<Row>) => void }> = [];
  const fetchPage = (cursor?: string) =>
    new Promise<PageList<Row>>((resolve) => {
      asked.push({ cursor, answer: resolve });
    });
  return { asked, fetchPage };
}

describe('mergeFirstPage', () => {
  const key = (r: Row) => r.id;

  it('puts the fresh newest page first and keeps the older loaded rows and their cursor', () => {
    const current = { rows: [...rows(10, 6), ...rows(5, 1)], nextCursor: 'c1' };
    const { list, reset } = mergeFirstPage(current, { rows: [{ id: 11, status: 'NEW' }, ...rows(10, 7, 'FILLED')], nextCursor: 'c7' }, key);
    expect(reset).toBe(false);
    expect(list.rows.map((r) => r.id)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(list.rows[1].status).toBe('FILLED');
    expect(list.nextCursor).toBe('c1');
  });

  it('starts over when the fresh page does not reach the loaded rows', () => {
    const { list, reset } = mergeFirstPage({ rows: rows(5, 1), nextCursor: undefined }, { rows: rows(20, 16), nextCursor: 'c16' }, key);
    expect(reset).toBe(true);
    expect(list.rows.map((r) => r.id)).toEqual([20, 19, 18, 17, 16]);
  });
});

describe('usePagedList', () => {
  it('keeps the pages loaded with "Load more" when a live refresh reloads the newest page', async () => {
    const { asked, fetchPage } = controlledPages();
    const { result } = renderHook(() => usePagedList(fetchPage, (r: Row) => r.id, ['SOLUSDT']));
    await waitFor(() => expect(asked).toHaveLength(1));
    await act(async () => asked[0].answer({ rows: rows(10, 6), nextCursor: 'c6' }));
    await waitFor(() => expect(result.current.hasMore).toBe(true));

    act(() => result.current.loadMore());
    expect(asked[1].cursor).toBe('c6');
    await act(async () => asked[1].answer({ rows: rows(5, 1), nextCursor: undefined }));
    await waitFor(() => expect(result.current.rows).toHaveLength(10));

    act(() => result.current.reload());
    await act(async () => asked[2].answer({ rows: [{ id: 11, status: 'NEW' }, ...rows(10, 7)], nextCursor: 'c7' }));
    await waitFor(() => expect(result.current.rows?.map((r) => r.id)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]));
    expect(result.current.hasMore).toBe(false);
  });

  it('drops a "Load more" answer that arrives after the list started over for another market', async () => {
    const { asked, fetchPage } = controlledPages();
    const { result, rerender } = renderHook(({ symbol }) => usePagedList(fetchPage, (r: Row) => r.id, [symbol]), { initialProps: { symbol: 'SOLUSDT' } });
    await waitFor(() => expect(asked).toHaveLength(1));
    await act(async () => asked[0].answer({ rows: rows(10, 6), nextCursor: 'c6' }));
    await waitFor(() => expect(result.current.hasMore).toBe(true));
    act(() => result.current.loadMore());

    rerender({ symbol: 'BTCUSDT' });
    await waitFor(() => expect(asked).toHaveLength(3));
    await act(async () => asked[2].answer({ rows: rows(100, 99), nextCursor: undefined }));
    await act(async () => asked[1].answer({ rows: rows(5, 1), nextCursor: undefined }));
    await waitFor(() => expect(result.current.rows?.map((r) => r.id)).toEqual([100, 99]));
    expect(result.current.loadingMore).toBe(false);
  });
});

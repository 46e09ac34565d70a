import { defer, EMPTY, map, Observable, of, take, throwError, timer, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TikrxError } from './errors.js';
import { type Page, paginate } from './paginate.js';

/** Subscribes and records everything the stream does. */
function record<T>(
  stream: Observable<T>,
): Promise<{ items: T[]; errors: unknown[]; completed: boolean }> {
  return new Promise((resolve) => {
    const result = { items: [] as T[], errors: [] as unknown[], completed: false };
    stream.subscribe({
      next: (item) => result.items.push(item),
      error: (error: unknown) => {
        result.errors.push(error);
        // Give a second error (there must be none) the chance to show up.
        setTimeout(() => resolve(result), 20);
      },
      complete: () => {
        result.completed = true;
        resolve(result);
      },
    });
  });
}

/** Pages keyed by cursor; a missing cursor is a test bug. */
function pagesFrom(pages: Record<string, Page<string, string>>) {
  const requested: string[] = [];
  const fetchPage = (cursor: string) =>
    defer(() => {
      requested.push(cursor);
      const page = pages[cursor];
      return page === undefined ? throwError(() => new Error(`no page ${cursor}`)) : of(page);
    });
  return { requested, fetchPage };
}

describe('paginate', () => {
  it('follows next until there is none, emitting items in order', async () => {
    const { requested, fetchPage } = pagesFrom({
      a: { items: ['1', '2'], next: 'b' },
      b: { items: ['3'], next: 'c' },
      c: { items: ['4', '5'], next: undefined },
    });
    const result = await record(paginate({ first: 'a', fetchPage }));
    expect(result).toEqual({ items: ['1', '2', '3', '4', '5'], errors: [], completed: true });
    expect(requested).toEqual(['a', 'b', 'c']);
  });

  it('follows an empty page that says there is more, instead of taking it for the end', async () => {
    const { requested, fetchPage } = pagesFrom({
      a: { items: ['1'], next: 'b' },
      b: { items: [], next: 'c' },
      c: { items: [], next: 'd' },
      d: { items: ['2'], next: undefined },
    });
    const result = await record(paginate({ first: 'a', fetchPage }));
    expect(result.items).toEqual(['1', '2']);
    expect(result.completed).toBe(true);
    expect(requested).toEqual(['a', 'b', 'c', 'd']);
  });

  it('completes on an empty last page', async () => {
    const { fetchPage } = pagesFrom({ a: { items: [], next: undefined } });
    expect(await record(paginate({ first: 'a', fetchPage }))).toEqual({
      items: [],
      errors: [],
      completed: true,
    });
  });

  it('stops with invalid_response when the cursor does not advance, after that page’s items', async () => {
    const { requested, fetchPage } = pagesFrom({
      a: { items: ['1'], next: 'b' },
      b: { items: ['2'], next: 'b' },
    });
    const result = await record(paginate({ first: 'a', fetchPage }));
    expect(result.items).toEqual(['1', '2']);
    expect(result.completed).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(TikrxError);
    expect(result.errors[0]).toMatchObject({ kind: 'invalid_response', retryable: false });
    expect(requested).toEqual(['a', 'b']);
  });

  it('compares cursors by value (JSON by default), or by cursorKey', async () => {
    type Cursor = { cursor: number; searchId: string };
    const sameCursor = () =>
      paginate<number, Cursor>({
        first: { cursor: 0, searchId: 's' },
        fetchPage: (c) => of({ items: [c.cursor], next: { cursor: 0, searchId: 's' } }),
      });
    expect((await record(sameCursor())).errors[0]).toMatchObject({ kind: 'invalid_response' });

    const byCursorOnly = paginate<number, Cursor>({
      first: { cursor: 0, searchId: 'a' },
      fetchPage: (c) =>
        of({
          items: [c.cursor],
          next: c.searchId === 'a' ? { cursor: 0, searchId: 'b' } : undefined,
        }),
      cursorKey: (c) => String(c.cursor),
    });
    expect((await record(byCursorOnly)).errors[0]).toMatchObject({ kind: 'invalid_response' });
  });

  it('surfaces an error mid-stream once, after every item before it, and requests no more', async () => {
    const failure = new TikrxError({ kind: 'server', message: 'page c failed' });
    const requested: string[] = [];
    const pages: Record<string, Page<string, string>> = {
      a: { items: ['1', '2'], next: 'b' },
      b: { items: ['3'], next: 'c' },
    };
    const result = await record(
      paginate({
        first: 'a',
        fetchPage: (cursor) =>
          defer(() => {
            requested.push(cursor);
            return cursor === 'c' ? throwError(() => failure) : of(pages[cursor]!);
          }),
      }),
    );
    expect(result.items).toEqual(['1', '2', '3']);
    expect(result.errors).toEqual([failure]);
    expect(result.completed).toBe(false);
    expect(requested).toEqual(['a', 'b', 'c']);
  });

  it('calls onPage after the page’s items went downstream, with the cursor it came from', async () => {
    const log: string[] = [];
    const { fetchPage } = pagesFrom({
      a: { items: ['1'], next: 'b' },
      b: { items: ['2'], next: undefined },
    });
    await new Promise<void>((resolve) =>
      paginate({
        first: 'a',
        fetchPage,
        onPage: (page, cursor) => log.push(`page ${cursor} → ${page.next ?? 'end'}`),
      }).subscribe({ next: (item) => log.push(`item ${item}`), complete: resolve }),
    );
    expect(log).toEqual(['item 1', 'page a → b', 'item 2', 'page b → end']);
  });

  it('errors when a page request completes without a page', async () => {
    const result = await record(paginate({ first: 0, fetchPage: () => EMPTY }));
    expect(result.errors[0]).toMatchObject({ kind: 'invalid_response' });
  });

  it('takes only the first page a page request emits', async () => {
    const result = await record(
      paginate<string, string>({
        first: 'a',
        fetchPage: () =>
          of<[Page<string, string>, Page<string, string>]>(
            { items: ['1'], next: undefined },
            { items: ['x'], next: undefined },
          ),
      }),
    );
    expect(result).toEqual({ items: ['1'], errors: [], completed: true });
  });

  it('stops requesting pages once the subscriber has enough', async () => {
    const requested: number[] = [];
    const items = await new Promise<number[]>((resolve) =>
      paginate<number, number>({
        first: 0,
        fetchPage: (cursor) =>
          defer(() => {
            requested.push(cursor);
            return of({ items: [cursor * 10, cursor * 10 + 1], next: cursor + 1 });
          }),
      })
        .pipe(take(3), toArray())
        .subscribe(resolve),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(items).toEqual([0, 1, 10]);
    expect(requested).toEqual([0, 1]);
  });

  it('unsubscribing cancels the page request in flight', async () => {
    let cancelled = 0;
    const subscription = paginate<number, number>({
      first: 0,
      fetchPage: () =>
        new Observable<Page<number, number>>(() => () => {
          cancelled += 1;
        }),
    }).subscribe();
    subscription.unsubscribe();
    expect(cancelled).toBe(1);
  });

  it('walks 20 000 synchronous pages without growing the stack', async () => {
    const result = await record(
      paginate<number, number>({
        first: 0,
        fetchPage: (cursor) =>
          of({ items: [cursor], next: cursor < 19_999 ? cursor + 1 : undefined }),
      }),
    );
    expect(result.items).toHaveLength(20_000);
    expect(result.completed).toBe(true);
  });

  it('works with asynchronous page requests', async () => {
    const result = await record(
      paginate<number, number>({
        first: 0,
        fetchPage: (cursor) =>
          timer(2).pipe(
            map(() => ({ items: [cursor], next: cursor < 4 ? cursor + 1 : undefined })),
          ),
      }),
    );
    expect(result.items).toEqual([0, 1, 2, 3, 4]);
  });

  it('turns a fetchPage that throws on a later page into the stream’s error', async () => {
    const failure = new TikrxError({ kind: 'bad_request', message: 'bad cursor' });
    const result = await record(
      paginate<number, number>({
        first: 0,
        fetchPage: (cursor) => {
          if (cursor === 2) throw failure;
          return of({ items: [cursor], next: cursor + 1 });
        },
      }),
    );
    expect(result.items).toEqual([0, 1]);
    expect(result.errors).toEqual([failure]);
  });

  it('turns an onPage that throws into the stream’s error', async () => {
    const failure = new Error('checkpoint write failed');
    const { fetchPage } = pagesFrom({
      a: { items: ['1'], next: 'b' },
      b: { items: ['2'], next: undefined },
    });
    const result = await record(
      paginate({
        first: 'a',
        fetchPage,
        onPage: () => {
          throw failure;
        },
      }),
    );
    expect(result.items).toEqual(['1']);
    expect(result.errors).toEqual([failure]);
  });
});

import { type TikrxEvent, type Transport, undiciTransport, type VideoSource } from '@tikrx/core';

/**
 * Checkpoints for the clients that do not report one (Display, Social Fetch): the CLI reads
 * the API's next-page cursor off each successful answer as it passes through the transport,
 * and reports it as a `checkpoint` event once that page's videos have gone downstream.
 *
 * Why here and not in the clients: their streams say `page` but not where the next page
 * starts. Once they report `checkpoint` events like Research does, this file goes away.
 */
export function cursorCheckpoints(options: {
  source: VideoSource;
  /** The next-page cursor in a parsed answer, `undefined` when it is the last page. */
  nextCursorOf: (body: unknown) => unknown;
  onEvent: (event: TikrxEvent) => void;
  inner?: Transport;
}): { transport: Transport; onEvent: (event: TikrxEvent) => void } {
  const inner = options.inner ?? undiciTransport();
  let lastNextCursor: unknown;
  const transport: Transport = async (request) => {
    const response = await inner(request);
    if (response.status >= 200 && response.status < 300) {
      try {
        lastNextCursor = options.nextCursorOf(JSON.parse(response.body));
      } catch {
        // Not JSON: the client reports that answer as an error and asks again.
      }
    }
    return response;
  };
  const onEvent = (event: TikrxEvent): void => {
    options.onEvent(event);
    if (event.type !== 'page' || event.source !== options.source || !event.hasMore) return;
    const cursor = lastNextCursor;
    // The page event comes just before the page's videos, which are emitted synchronously:
    // by the next microtask they are all downstream, and the cursor covers them.
    queueMicrotask(() =>
      options.onEvent({ type: 'checkpoint', source: options.source, checkpoint: { cursor } }),
    );
  };
  return { transport, onEvent };
}

/** `body.a.b` when it is there. */
export function pathOf(body: unknown, ...keys: string[]): unknown {
  let value = body;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

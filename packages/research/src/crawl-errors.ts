import { TikrxError } from '@tikrx/core';

/** The error a crawl ends with when days were given up: it names them. */
export function gapError(days: readonly string[], last: TikrxError): TikrxError {
  return new TikrxError({
    kind: last.kind,
    message: `${days.length} day(s) kept failing and were left as gaps: ${days.join(', ')}. Every other day's videos were delivered; resume from the checkpoint to retry only these days. Last failure: ${last.message}`,
    ...(last.status === undefined ? {} : { status: last.status }),
    ...(last.code === undefined ? {} : { code: last.code }),
    retryable: true,
    cause: last,
  });
}

/** has_more with a cursor that did not move is the API's bug: the crawl stops rather than loop. */
export function stuckCursorError(cursor: number): TikrxError {
  return new TikrxError({
    kind: 'invalid_response',
    message: `Pagination did not advance: the page at cursor ${cursor} returned it as the next one`,
    retryable: false,
  });
}

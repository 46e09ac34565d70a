import {
  type ApiErrorReader,
  type CommonClientOptions,
  fromJsonRequest,
  isTikrxError,
  type JsonRequest,
  type JsonResponse,
  type TikrxEvent,
  undiciTransport,
  type VideoSource,
} from '@tikrx/core';
import { DEFAULT_TIMEOUT_MS, redactUrl, scrubSecrets } from '@tikrx/core/internal';
import { defer, type Observable, tap } from 'rxjs';
import { gateLimiter } from './gate-limiter.js';
import { retryWithBackoff } from './retry-with-backoff.js';
import { currentDemand } from './sink-demand.js';
import { throttleWith } from './throttle-with.js';

/** Options of `createRequester`: the common client options and the source its events name. */
export interface RequesterOptions extends CommonClientOptions {
  /** Named in every event this requester reports. */
  source: VideoSource;
}

/** A request as a client describes it; the requester adds the signal and the default timeout. */
export type RequesterRequest = Omit<JsonRequest, 'signal' | 'timeoutMs'> & { timeoutMs?: number };

/** Sends one page request: cold, throttled and retried per attempt, abortable by unsubscribing. */
export type Requester = (
  request: RequesterRequest,
  readApiError: ApiErrorReader,
) => Observable<JsonResponse>;

/**
 * The one way clients send a page request. Each subscription is, per attempt:
 * wait for `limiter` (a `throttle` event when the wait was > 0) → `request` event →
 * `fromJsonRequest` (aborted on unsubscribe) → `response` event (also for API errors that
 * carry a status); around that, `retryWithBackoff(retry)` unless `retry === false`, with a
 * `retry` event before each wait. A 429 penalizes the shared limiter. When a sink further
 * down the stream is behind (`currentDemand`, see sink-demand.ts), the request waits for it
 * before asking `limiter`.
 */
export function createRequester(options: RequesterOptions): Requester {
  const transport =
    options.transport ??
    undiciTransport(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher });
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { source, retry, onEvent } = options;
  const emit = (event: TikrxEvent) => onEvent?.(event);

  return (request, readApiError) =>
    defer(() => {
      // Read when the request is subscribed: inside the sink's subscription, or in the
      // continuation of an earlier response of it.
      const demand = currentDemand();
      const limiter = demand === undefined ? options.limiter : gateLimiter(demand, options.limiter);
      const { timeoutMs, ...rest } = request;
      const jsonRequest = { ...rest, timeoutMs: timeoutMs ?? defaultTimeoutMs };
      const url = scrubSecrets(redactUrl(request.url), request.secrets ?? []);
      let attempt = 0;

      const oneAttempt = defer(() => {
        attempt += 1;
        emit({ type: 'request', source, method: request.method, url, attempt });
        const startedAt = performance.now();
        const durationMs = () => Math.round(performance.now() - startedAt);
        return fromJsonRequest(transport, jsonRequest, readApiError).pipe(
          tap({
            next: (response) =>
              emit({ type: 'response', source, status: response.status, durationMs: durationMs() }),
            error: (error: unknown) => {
              if (isTikrxError(error) && error.status !== undefined) {
                emit({ type: 'response', source, status: error.status, durationMs: durationMs() });
              }
            },
          }),
        );
      });

      const throttled =
        limiter === undefined
          ? oneAttempt
          : oneAttempt.pipe(
              throttleWith(limiter, {
                onWait: (waitedMs) => {
                  if (waitedMs > 0) emit({ type: 'throttle', source, waitedMs });
                },
              }),
            );
      if (retry === false) return throttled;
      return throttled.pipe(
        retryWithBackoff({
          ...retry,
          onRetry: (info) => {
            retry?.onRetry?.(info);
            emit({
              type: 'retry',
              source,
              attempt: info.attempt,
              delayMs: info.delayMs,
              kind: info.kind,
              ...(info.error.code === undefined ? {} : { code: info.error.code }),
            });
          },
        }),
      );
    });
}

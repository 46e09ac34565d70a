import { Observable } from 'rxjs';
import { type ApiErrorReader, type JsonRequest, type JsonResponse, requestJson } from './http.js';
import type { Transport } from './transport.js';

/**
 * `requestJson` as a cold Observable: each subscription sends the request once, with its own
 * AbortController (RxJS's `fromFetch` is the model), and unsubscribing aborts the request in
 * flight, closing its socket.
 */
export function fromJsonRequest(
  transport: Transport,
  request: Omit<JsonRequest, 'signal'>,
  readApiError: ApiErrorReader,
): Observable<JsonResponse> {
  return new Observable<JsonResponse>((subscriber) => {
    const controller = new AbortController();
    let settled = false;
    requestJson(transport, { ...request, signal: controller.signal }, readApiError).then(
      (response) => {
        settled = true;
        subscriber.next(response);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );
    // Abort only a request still in flight: aborting a finished one costs an AbortError for nothing.
    return () => {
      if (!settled) controller.abort();
    };
  });
}

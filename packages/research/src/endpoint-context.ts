import type { JsonResponse, TikrxEvent } from '@tikrx/core';
import type { Requester } from '@tikrx/operators/internal';
import type { TokenSource } from '@tikrx/tiktok-platform';
import type { Observable } from 'rxjs';
import type { ResearchSetup } from './client-setup.js';

/** What the client hands each endpoint: its setup, the token-renewing POST, its events. */
export interface EndpointContext {
  setUp: () => ResearchSetup;
  /** POSTs with the current token (renewed and sent again if refused), through `requester`. */
  post: (
    url: string,
    body: unknown,
    provider: TokenSource,
    requester?: Requester,
  ) => Observable<JsonResponse>;
  emit: (event: TikrxEvent) => void;
}

import type { JsonResponse } from '@tikrx/core';
import type { Requester } from '@tikrx/operators/internal';
import { sendWithToken, type TokenSource } from '@tikrx/tiktok-platform';
import type { Observable } from 'rxjs';
import { readResearchError } from './api-error.js';

/**
 * POSTs one page with the current token; a refused token is renewed and the page sent again
 * (the platform layer's renew-and-resend). The one place a Research page request goes out.
 */
export function renewingPost(
  requester: Requester,
  tokens: TokenSource,
  url: string,
  body: unknown,
): Observable<JsonResponse> {
  return sendWithToken(tokens, (token) =>
    requester(
      { method: 'POST', url, headers: { authorization: `Bearer ${token}` }, json: body },
      readResearchError,
    ),
  );
}

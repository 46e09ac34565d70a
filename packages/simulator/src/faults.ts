import type { ServerResponse } from 'node:http';
import {
  apiError,
  bearerToken,
  isRecord,
  parseJsonBody,
  type Reply,
  type Route,
  type SimContext,
  type SimRequest,
} from './context.js';
import { INVALID_COUNT_OR_CURSOR } from './research-routes.js';
import { FAULT_KINDS, type FaultKind, type FaultSpec } from './types.js';

/** Faults that hang on what the request is (a later Research page, a token): see below. */
const REQUEST_BOUND: ReadonlySet<FaultKind> = new Set([
  'search-id-expired',
  'invalid-cursor',
  'token-expired',
  'vague-transient',
]);
/** Faults any endpoint can suffer. */
const GENERIC = FAULT_KINDS.filter((kind) => !REQUEST_BOUND.has(kind));

/** The kinds that make sense for this request (e.g. search-id-expired needs a search_id). */
export function applicableFaults(
  route: Route,
  request: SimRequest,
  kinds: readonly FaultKind[],
): FaultKind[] {
  const applicable = new Set<FaultKind>(GENERIC);
  if (route.api === 'research' || route.api === 'display') applicable.add('token-expired');
  if (route.api === 'research') {
    applicable.add('vague-transient');
    const body = parseJsonBody(request.body);
    if (isRecord(body)) {
      const cursor = Number(body['cursor'] ?? 0);
      if (cursor > 0) applicable.add('invalid-cursor');
      const searchId = body['search_id'];
      if (
        route.endpoint === 'research.video.query' &&
        cursor > 0 &&
        searchId !== undefined &&
        searchId !== ''
      ) {
        applicable.add('search-id-expired');
      }
    }
  }
  return kinds.filter((k) => applicable.has(k));
}

export function faultKindsOf(spec: FaultSpec): readonly FaultKind[] {
  return spec.kinds ?? FAULT_KINDS;
}

/** What the field's vague transient errors say (ResearchTikPy's list). */
export const VAGUE_MESSAGES = [
  'Something is wrong. Please try again later.',
  'Something went wrong. Please try again later.',
  'Server Internal Error',
] as const;

const HTML_504 =
  '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** A body prefix that looks like the start of a real page of each API. */
function truncatedBody(route: Route): string {
  switch (route.api) {
    case 'research':
      return '{"data":{"videos":[{"id":7320768196569599275,"create_time":1704499196,"username":"s.cl';
    case 'display':
      return route.variant === 'v1'
        ? '{"data":{"video_list":[{"id":"7099522475452681474","title":"vid'
        : '{"data":{"videos":[{"id":"7099522475452681474","title":"vid';
    case 'socialfetch':
      return '{"data":{"videos":[{"id":"7320768196569599275","caption":"#fyp lo';
    default:
      return '{"access_token":"clt.';
  }
}

export type FaultOutcome = { reply: Reply } | { reset: true };

/** Builds the faulty answer. Never touches the dataset; a retry sees the same page. */
export function faultReply(
  ctx: SimContext,
  route: Route,
  request: SimRequest,
  kind: FaultKind,
  spec: FaultSpec,
): FaultOutcome {
  const rejectedBefore = ctx.stats.rejected;
  const done = (reply: Reply): FaultOutcome => {
    ctx.stats.rejected = rejectedBefore;
    return { reply };
  };
  const rateCode =
    route.api === 'socialfetch'
      ? 'rate_limited'
      : route.api === 'oauth'
        ? 'slow_down'
        : 'rate_limit_exceeded';
  switch (kind) {
    case '429':
      return done(
        apiError(ctx, route, 429, rateCode, 'API rate limit was exceeded, please try again later.'),
      );
    case '429-retry-after':
      return done(
        apiError(
          ctx,
          route,
          429,
          rateCode,
          'API rate limit was exceeded, please try again later.',
          {
            'retry-after': String(spec.retryAfterSec ?? 1),
          },
        ),
      );
    case '500':
      return done(
        apiError(
          ctx,
          route,
          500,
          'internal_error',
          'Something went wrong. Please try again later.',
        ),
      );
    case '503':
      return done(
        apiError(
          ctx,
          route,
          503,
          route.api === 'socialfetch' ? 'temporarily_unavailable' : 'internal_error',
          'The service is temporarily unavailable. Please try again later.',
        ),
      );
    case '504-html':
      return { reply: { status: 504, body: HTML_504, headers: { 'content-type': 'text/html' } } };
    case 'truncated':
      return {
        reply: {
          status: 200,
          body: truncatedBody(route),
          headers: { 'content-type': 'application/json; charset=utf-8' },
        },
      };
    case 'non-json':
      return {
        reply: {
          status: 200,
          body: '<!DOCTYPE html><html><head><title>Please wait</title></head><body>Checking your browser…</body></html>',
          headers: { 'content-type': 'text/html; charset=utf-8' },
        },
      };
    case 'reset':
      return { reset: true };
    case 'search-id-expired': {
      const body = parseJsonBody(request.body);
      const searchId = isRecord(body) ? String(body['search_id']) : '';
      ctx.searches.delete(searchId);
      return done(
        apiError(ctx, route, 400, 'invalid_params', `Search Id ${searchId} is invalid or expired`),
      );
    }
    case 'vague-transient': {
      // The field: vague answers with 400 or 500 that a retry of the same request cures.
      const count = ctx.stats.faults['vague-transient'] ?? 0;
      const message = VAGUE_MESSAGES[count % VAGUE_MESSAGES.length]!;
      return done(
        count % 2 === 0
          ? apiError(ctx, route, 400, 'invalid_params', message)
          : apiError(ctx, route, 500, 'internal_error', message),
      );
    }
    case 'invalid-cursor':
      return done(apiError(ctx, route, 400, 'invalid_params', INVALID_COUNT_OR_CURSOR));
    case 'token-expired': {
      const token =
        route.variant === 'v1' ? request.query.get('access_token') : bearerToken(request);
      // A Research client token really dies (the client must fetch a new one); the featured
      // Display token cannot, so Display tokens only answer 401 this once.
      if (route.api === 'research' && token !== null && token !== undefined)
        ctx.tokens.revoke(token);
      return done(
        apiError(
          ctx,
          route,
          401,
          'access_token_invalid',
          'The access token is invalid or not found in the request.',
        ),
      );
    }
  }
}

/** Sends headers and half a body, then destroys the socket: a connection reset mid-response. */
export function resetMidResponse(res: ServerResponse): void {
  const body = '{"data":{"videos":[{"id":7320768196569599275,"create_time":1704499196},';
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length * 4),
  });
  res.write(body, () => {
    res.socket?.destroy();
  });
}

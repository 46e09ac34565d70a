import { errorKindFor } from './error-kind-for.js';
import { type ErrorKind, TikrxError } from './errors.js';
import { parseJsonLossless, stringifyJsonLossless } from './lossless-json.js';
import { redactUrl, secretsOf } from './redact.js';
import { retryAfterMsFrom } from './retry-after.js';
import type { Transport } from './transport.js';

/** One JSON exchange to send: method, URL, headers, an optional JSON body and its timeout. */
export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (OAuth). */
  form?: Record<string, string>;
  timeoutMs: number;
  /** Aborting it (unsubscribe) aborts the request in flight. */
  signal?: AbortSignal;
  /** Secrets beyond those in the URL and headers (a client secret in a form body). */
  secrets?: readonly string[];
}

/** What an API's error body says, read by the source that knows the API's shape. */
export interface ApiErrorDetails {
  code?: string;
  message?: string;
  requestId?: string;
  /** The kind the source maps the API's code to; absent: the HTTP status decides. */
  kind?: ErrorKind;
  retryable?: boolean;
  /** A `quota_exhausted` whose quota resets at 00:00 UTC. */
  dailyQuota?: boolean;
}

/** Reads the API's error out of a parsed body; `undefined` when the body is no error. */
export type ApiErrorReader = (
  status: number,
  body: unknown,
  headers: Record<string, string>,
) => ApiErrorDetails | undefined;

/** A successful JSON exchange: status, headers and the losslessly parsed body. */
export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed losslessly: integers beyond 2^53 are decimal strings. */
  body: unknown;
}

/**
 * One JSON exchange: sends, times out, parses losslessly, and turns every failure into a
 * `TikrxError` (secrets removed): transport failures into `network`/`timeout`, unreadable
 * bodies into `invalid_response` (or the status's kind, for an HTML 504), and API errors
 * into the kind their status and code say.
 */
export async function requestJson(
  transport: Transport,
  request: JsonRequest,
  readApiError: ApiErrorReader,
): Promise<JsonResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = stringifyJsonLossless(request.json);
  } else if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  }
  const secrets = [...secretsOf(request.url, headers), ...(request.secrets ?? [])];
  const context = { method: request.method, url: request.url, secrets };

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) controller.abort();

  let response: Awaited<ReturnType<Transport>>;
  try {
    response = await transport({
      method: request.method,
      url: request.url,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: controller.signal,
    });
  } catch (error) {
    if (timedOut) {
      throw new TikrxError({
        kind: 'timeout',
        message: `${request.method} ${redactUrl(request.url)} timed out after ${request.timeoutMs} ms`,
        cause: error,
        ...context,
      });
    }
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    throw networkError(error, context);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }

  let parsed: unknown;
  let parseFailed = false;
  try {
    parsed = parseJsonLossless(response.body);
  } catch {
    parseFailed = true;
  }
  const isSuccess = response.status >= 200 && response.status < 300;
  if (parseFailed) {
    const contentType = response.headers['content-type'] ?? 'no content type';
    const kind = isSuccess ? 'invalid_response' : errorKindFor(response.status);
    throw new TikrxError({
      kind,
      // A body that is not JSON on a 2xx is as retryable as a dropped connection: it is
      // usually a truncated response.
      message: `${request.method} ${redactUrl(request.url)} answered HTTP ${response.status} with a body that is not JSON (${contentType}, ${response.body.length} characters)`,
      status: response.status,
      ...retryAfter(kind, response.headers),
      ...context,
    });
  }

  const apiError = readApiError(response.status, parsed, response.headers);
  if (apiError !== undefined || !isSuccess) {
    const kind = apiError?.kind ?? errorKindFor(response.status);
    const words = apiError?.message ? `: ${apiError.message}` : '';
    throw new TikrxError({
      kind,
      message: `${request.method} ${redactUrl(request.url)} failed with HTTP ${response.status}${apiError?.code ? ` ${apiError.code}` : ''}${words}`,
      status: response.status,
      ...(apiError?.code === undefined ? {} : { code: apiError.code }),
      ...(apiError?.message === undefined ? {} : { apiMessage: apiError.message }),
      ...(apiError?.requestId === undefined ? {} : { requestId: apiError.requestId }),
      ...(apiError?.retryable === undefined ? {} : { retryable: apiError.retryable }),
      ...(apiError?.dailyQuota === true ? { dailyQuota: true } : {}),
      ...retryAfter(kind, response.headers),
      ...context,
    });
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

function retryAfter(kind: ErrorKind, headers: Record<string, string>): { retryAfterMs?: number } {
  if (kind !== 'rate_limited' && kind !== 'server') return {};
  const ms = retryAfterMsFrom(headers);
  return ms === undefined ? {} : { retryAfterMs: ms };
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * Codes of a request that could not even be sent because something in it is malformed: a
 * header value with CR/LF or another forbidden character, a URL that does not parse, an
 * unsupported protocol. Sending it again cannot help: these are `bad_request`, not retried.
 */
const MALFORMED_REQUEST_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  'ERR_INVALID_URL_SCHEME',
  'ERR_INVALID_PROTOCOL',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_UNESCAPED_CHARACTERS',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
]);

function networkError(
  error: unknown,
  context: { method: string; url: string; secrets: string[] },
): TikrxError {
  // fetch wraps the socket error in `cause`; undici throws it directly.
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (inner as { code?: unknown } | undefined)?.code;
  const codeText = typeof code === 'string' ? code : undefined;
  if (codeText !== undefined && MALFORMED_REQUEST_CODES.has(codeText)) {
    return new TikrxError({
      kind: 'bad_request',
      message: `${context.method} ${redactUrl(context.url)} could not be sent: ${codeText} (a malformed URL or header value; check baseUrl and credentials)`,
      code: codeText,
      retryable: false,
      cause: inner,
      ...context,
    });
  }
  const kind = codeText !== undefined && TIMEOUT_CODES.has(codeText) ? 'timeout' : 'network';
  const reason = inner instanceof Error ? inner.message : String(inner);
  return new TikrxError({
    kind,
    message: `${context.method} ${redactUrl(context.url)} failed: ${codeText ?? reason}`,
    ...(codeText === undefined ? {} : { code: codeText }),
    cause: inner,
    ...context,
  });
}

import { redactUrl, scrubSecrets, secretsOf } from './redact.js';

/** What went wrong, for code to branch on. */
export type ErrorKind =
  | 'auth'
  | 'forbidden'
  | 'bad_request'
  | 'not_found'
  | 'rate_limited'
  | 'quota_exhausted'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalid_response';

/** Every `ErrorKind`, in the order DESIGN.md lists them. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'auth',
  'forbidden',
  'bad_request',
  'not_found',
  'rate_limited',
  'quota_exhausted',
  'server',
  'network',
  'timeout',
  'invalid_response',
];

/** Kinds that a later attempt of the same request may cure. */
const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set([
  'rate_limited',
  'server',
  'network',
  'timeout',
  'invalid_response',
]);

/**
 * Whether errors of this kind are worth retrying: `rate_limited`, `server`, `network`, `timeout`
 * and `invalid_response`.
 */
export function isRetryableKind(kind: ErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

/** What a `TikrxError` is made of: its `kind`, the API's own words and the redacted request. */
export interface TikrxErrorOptions {
  kind: ErrorKind;
  /** Our sentence; the API's own words go in `apiMessage`. */
  message: string;
  status?: number;
  /** The API's own error code, kept as it sent it (Display v1's numeric codes as strings). */
  code?: string;
  apiMessage?: string;
  /** The API's request / log id, for support tickets. */
  requestId?: string;
  /** Defaults by kind. */
  retryable?: boolean;
  retryAfterMs?: number;
  /**
   * The exhausted quota is a daily one that resets at 00:00 UTC (the Research API's 1,000
   * requests, a limiter's `dailyQuota`): `retryWithBackoff({ waitForQuotaReset })` waits for it.
   */
  dailyQuota?: boolean;
  method?: string;
  /** Redacted on construction. */
  url?: string;
  /** Secret values to scrub from every text this error carries (those in `url` are added). */
  secrets?: readonly string[];
  cause?: unknown;
}

/**
 * The one error tikrx throws. `kind` is for code to branch on; the API's own code and message
 * are kept; the request's URL is stored with secrets removed, and no token reaches `message`,
 * `stack`, `String(err)` or `JSON.stringify(err)`.
 */
export class TikrxError extends Error {
  override readonly name = 'TikrxError';
  readonly kind: ErrorKind;
  // `declare`: with ES2022 class fields a plain `status?: number` would be an own property set
  // to undefined on every instance; an optional field here is absent, as everywhere in tikrx.
  declare readonly status?: number;
  declare readonly code?: string;
  declare readonly apiMessage?: string;
  declare readonly requestId?: string;
  readonly retryable: boolean;
  declare readonly retryAfterMs?: number;
  declare readonly dailyQuota?: boolean;
  declare readonly method?: string;
  declare readonly url?: string;

  constructor(options: TikrxErrorOptions) {
    // The URL's own secrets too: a caller may quote the raw URL in its message.
    const secrets = [
      ...(options.secrets ?? []),
      ...(options.url === undefined ? [] : secretsOf(options.url)),
    ];
    const scrub = (text: string) => scrubSecrets(text, secrets);
    super(
      scrub(options.message),
      options.cause === undefined ? undefined : { cause: sanitizeCause(options.cause, secrets) },
    );
    this.kind = options.kind;
    this.retryable = options.retryable ?? isRetryableKind(options.kind);
    if (options.status !== undefined) this.status = options.status;
    if (options.code !== undefined) this.code = scrub(options.code);
    if (options.apiMessage !== undefined) this.apiMessage = scrub(options.apiMessage);
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.dailyQuota === true) this.dailyQuota = true;
    if (options.method !== undefined) this.method = options.method;
    if (options.url !== undefined) this.url = scrub(redactUrl(options.url));
  }

  /** A plain, secret-free object (what `JSON.stringify` writes). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: this.name,
      kind: this.kind,
      message: this.message,
    };
    for (const key of [
      'status',
      'code',
      'apiMessage',
      'requestId',
      'retryable',
      'retryAfterMs',
      'dailyQuota',
      'method',
      'url',
    ] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    return out;
  }
}

/** Whether a value is a `TikrxError` (`instanceof`, as a type guard). */
export function isTikrxError(value: unknown): value is TikrxError {
  return value instanceof TikrxError;
}

/**
 * Causes come from transports (undici, fetch) and may quote the URL, token included. Keep the
 * name, code and a scrubbed message; drop the rest.
 */
function sanitizeCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) return undefined;
  const clean = new Error(scrubSecrets(cause.message, secrets));
  clean.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') (clean as Error & { code?: string }).code = code;
  clean.stack = `${clean.name}: ${clean.message}`;
  return clean;
}

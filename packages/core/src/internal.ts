/**
 * `@tikrx/core/internal`: helpers the tikrx packages share with each other (option
 * validation, secret redaction, error construction). Not part of the public API: anything
 * here may change or go in any release, without a semver major. Users import `@tikrx/core`.
 *
 * @packageDocumentation
 */
export { badRequest } from './bad-request.js';
export { DEFAULT_TIMEOUT_MS } from './client-options.js';
export { cursorCheckpointAfter } from './cursor-checkpoint.js';
export type { CursorPagesOptions } from './cursor-pages.js';
export { cursorPages } from './cursor-pages.js';
export { describeValue } from './describe-value.js';
export { errorKindFor } from './error-kind-for.js';
export { quoteLongIntegerMembers, stringifyJsonLossless } from './lossless-json.js';
export type { ShapeIssue } from './not-documented-shape.js';
export { notDocumentedShape } from './not-documented-shape.js';
export { pickCommonOptions } from './pick-common-options.js';
export { REDACTED, redactHeaders, redactUrl, scrubSecrets, secretsOf } from './redact.js';
export { retryAfterMsFrom } from './retry-after.js';
export { validateBaseUrl } from './validate-base-url.js';
export { MAX_TIMEOUT_MS, validateCommonOptions } from './validate-common-options.js';
export { MAX_CREDENTIAL_LENGTH, validateCredential } from './validate-credential.js';
export { isPlainObject, validateOptionsObject } from './validate-options-object.js';
export { withoutUndefined } from './without-undefined.js';

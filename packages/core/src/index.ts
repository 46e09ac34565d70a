// What a user of @tikrx/core calls. Helpers shared by sibling packages live in
// `@tikrx/core/internal` (./internal.ts), which carries no semver promise.
export type { CommonClientOptions, RetryOptions } from './client-options.js';
export type { Comment } from './comment.js';
export type { CursorCheckpoint } from './cursor-checkpoint.js';
export type { ErrorKind, TikrxErrorOptions } from './errors.js';
export { ERROR_KINDS, isRetryableKind, isTikrxError, TikrxError } from './errors.js';
export type { TikrxEvent, TikrxEventListener, WindowState } from './events.js';
export { fetchTransport } from './fetch-transport.js';
export { fromJsonRequest } from './from-json-request.js';
export type { ApiErrorDetails, ApiErrorReader, JsonRequest, JsonResponse } from './http.js';
export { requestJson } from './http.js';
export { idString } from './id-string.js';
export { parseJsonLossless } from './lossless-json.js';
export type { Page, PaginateOptions } from './paginate.js';
export { paginate } from './paginate.js';
export type { Playlist } from './playlist.js';
export type { RateLimiter, RateLimitPermit } from './rate-limiter.js';
export type { Transport, TransportRequest, TransportResponse } from './transport.js';
export type { UndiciTransportOptions } from './undici-transport.js';
export { undiciTransport } from './undici-transport.js';
export type { UserLookupStatus, UserProfile } from './user-profile.js';
export { USER_LOOKUP_STATUSES } from './user-profile.js';
export type { UserRef, UserRelation } from './user-ref.js';
export type { Video, VideoMedia, VideoSource, VideoStats } from './video.js';
export { VIDEO_SOURCES } from './video.js';

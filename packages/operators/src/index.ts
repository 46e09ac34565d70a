// What a user of @tikrx/operators calls. What the clients share beyond this lives in
// `@tikrx/operators/internal` (./internal.ts), which carries no semver promise.
export type { BoundedStore, BoundedStoreOptions } from './bounded-store.js';
export { createBoundedStore } from './bounded-store.js';
export type { Pacer, PacerOptions } from './create-pacer.js';
export { createPacer } from './create-pacer.js';
export type {
  RateLimiterOptions,
  RateLimiterStats,
  TokenBucketLimiter,
} from './create-rate-limiter.js';
export { createRateLimiter, RATE_LIMIT_PRESETS } from './create-rate-limiter.js';
export type { CsvRowOptions } from './csv.js';
export { CSV_COLUMNS, CSV_ID_COLUMNS, csvHeader, videoToCsvRow } from './csv.js';
export type { DedupeOptions } from './dedupe.js';
export { dedupe } from './dedupe.js';
export type { DedupeStore, SyncDedupeStore } from './dedupe-store.js';
export type { Gate } from './gate-limiter.js';
export { gateLimiter } from './gate-limiter.js';
export type { IdStore, IdStoreOptions } from './id-store.js';
export { createIdStore } from './id-store.js';
export type { EventLogger, LogEventsOptions, LogMethod } from './log-events.js';
export { logEvents } from './log-events.js';
export type { MergeByIdOptions, MergedVideo } from './merge-by-id.js';
export { DEFAULT_MERGE_PRIORITY, mergeById } from './merge-by-id.js';
export type {
  CreateProgressOptions,
  ProgressOptions,
  ProgressSnapshot,
  ProgressTracker,
} from './progress.js';
export { createProgress, progress } from './progress.js';
export type { RetryWithBackoffOptions } from './retry-with-backoff.js';
export { RETRY_DEFAULTS, retryWithBackoff } from './retry-with-backoff.js';
export type { DemandGate, DemandOptions } from './sink-demand.js';
export { createDemandGate, currentDemand, subscribeWithDemand } from './sink-demand.js';
export type { ThrottleWithOptions } from './throttle-with.js';
export { throttleWith } from './throttle-with.js';
export type { ToAsyncIterableOptions } from './to-async-iterable.js';
export { toAsyncIterable } from './to-async-iterable.js';
export type { WatchOptions, WatchWindow } from './watch.js';
export { watch } from './watch.js';
export type { WriteCsvOptions } from './write-csv.js';
export { writeCsv } from './write-csv.js';
export type { WriteLinesOptions, WriteResult } from './write-lines.js';
export { writeLines } from './write-lines.js';
export type { WriteNdjsonOptions } from './write-ndjson.js';
export { writeNdjson } from './write-ndjson.js';

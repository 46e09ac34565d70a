export { isInvalidCursor, isSearchExpired, readResearchError } from './api-error.js';
export type { CheckpointWindow, ResearchCheckpoint } from './checkpoint.js';
export type {
  CrawlOptions,
  QueryVideosOptions,
  RepostedVideosOptions,
  ResearchClient,
  ResearchClientOptions,
} from './client.js';
// Exported under the RESEARCH_ prefix, like DISPLAY_* and SOCIALFETCH_*, so one import line
// can name every client's constants. The default max_count is the API's largest.
export {
  createResearchClient,
  DEFAULT_BASE_URL as RESEARCH_DEFAULT_BASE_URL,
  DEFAULT_CONCURRENCY as RESEARCH_DEFAULT_CONCURRENCY,
  DEFAULT_MAX_COUNT as RESEARCH_MAX_COUNT,
} from './client.js';
export type { DayInput, DayRange } from './dates.js';
export { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, toApiDate, windowsOf } from './dates.js';
export { normalizeResearchVideo, normalizeResearchVideos } from './normalize.js';
export type {
  QueryCondition,
  QueryFieldName,
  QueryOperation,
  QueryValueOf,
  RegionCode,
  ResearchQuery,
  VideoLength,
} from './query.js';
export {
  QUERY_FIELD_NAMES,
  QUERY_OPERATIONS,
  q,
  REGION_CODES,
  VIDEO_LENGTHS,
  validateQuery,
} from './query.js';
export type { RepostedVideoField, ResearchVideoRecord, VideoQueryField } from './schema.js';
export {
  REPOSTED_VIDEO_FIELDS,
  repostedVideosPageSchema,
  researchVideoSchema,
  VIDEO_QUERY_FIELDS,
  videoQueryPageSchema,
} from './schema.js';

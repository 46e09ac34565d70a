export {
  isInvalidCursor,
  isSearchExpired,
  isVagueTransient,
  readResearchError,
} from './api-error.js';
export type { CheckpointWindow, ResearchCheckpoint, ResearchCrawlKind } from './checkpoint.js';
// Exported under the RESEARCH_ prefix, like DISPLAY_* and SOCIALFETCH_*, so one import line
// can name every client's constants. The default max_count is the API's largest.
export {
  createResearchClient,
  DEFAULT_BASE_URL as RESEARCH_DEFAULT_BASE_URL,
  DEFAULT_CONCURRENCY as RESEARCH_DEFAULT_CONCURRENCY,
  DEFAULT_MAX_COUNT as RESEARCH_MAX_COUNT,
} from './client.js';
export type { CommentsOptions } from './comments-endpoint.js';
export { DEFAULT_COMMENTS_CONCURRENCY } from './comments-endpoint.js';
export type { CommentField, CommentRecord } from './comments-wire.js';
export { COMMENT_FIELDS, MAX_COMMENTS_PER_VIDEO } from './comments-wire.js';
export type { DayInput, DayRange } from './dates.js';
export { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, toApiDate, windowsOf } from './dates.js';
export type { CommentsOfVideosOptions, ProfilesOfUsersOptions } from './fan-out.js';
export { commentsOfVideos, DEFAULT_FAN_OUT_CONCURRENCY, profilesOfUsers } from './fan-out.js';
export type { MoreEndpoints } from './more-endpoints.js';
export { normalizeResearchVideo, normalizeResearchVideos } from './normalize.js';
export type {
  CrawlOptions,
  QueryVideosOptions,
  RateAdaptationOptions,
  RepostedVideosOptions,
  ResearchClient,
  ResearchClientOptions,
  SearchWarmupOptions,
} from './options.js';
export type { PlaylistOptions } from './playlist-endpoint.js';
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
export type { UserInfoOptions } from './user-info-endpoint.js';
export type { UserInfoField } from './user-info-wire.js';
export { USER_INFO_DEFAULT_FIELDS, USER_INFO_FIELDS } from './user-info-wire.js';
export type {
  LikedVideosOptions,
  PinnedVideosOptions,
  SocialGraphOptions,
} from './user-lists-endpoint.js';
export type { UserVideoField } from './user-videos-wire.js';
export { USER_VIDEO_DEFAULT_FIELDS, USER_VIDEO_FIELDS } from './user-videos-wire.js';
export type { WatchVideosOptions } from './watch-videos.js';
export { RESEARCH_INDEX_LAG_MS, watchVideos } from './watch-videos.js';

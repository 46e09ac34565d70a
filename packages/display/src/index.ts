export type { RefreshedToken } from '@tikrx/tiktok-platform';
export type { DisplayCheckpoint } from './checkpoint.js';
export type {
  DisplayApiVersion,
  DisplayClient,
  DisplayClientOptions,
  DisplayVideosOptions,
} from './client.js';
export { createDisplayClient, DISPLAY_DEFAULT_BASE_URLS, DISPLAY_MAX_COUNT } from './client.js';
export { normalizeDisplayVideo } from './normalize.js';
export type { DisplayVideoField, DisplayVideoRecord } from './schema.js';
export { DISPLAY_VIDEO_FIELDS } from './schema.js';
export type { AccessTokenProvider, AccessTokenReason } from './token-source.js';

export type { SocialFetchCheckpoint } from './checkpoint.js';
export type {
  Profile,
  ProfileVideosOptions,
  SocialFetchClient,
  SocialFetchClientOptions,
  SocialFetchSortBy,
} from './client.js';
export {
  createSocialFetchClient,
  MAX_CREDITS_CODE,
  SOCIALFETCH_DEFAULT_BASE_URL,
  SOCIALFETCH_SORT_ORDERS,
} from './client.js';
export { HANDLE_MAX_LENGTH } from './handle.js';
export { normalizeSocialFetchVideo } from './normalize.js';
export type { ProfileLookupStatus, SocialFetchVideoRecord } from './schema.js';
export { PROFILE_LOOKUP_STATUSES } from './schema.js';

import { z } from 'zod';

/** `GET /v1/tiktok/profiles/{handle}/videos`: one video of `data.videos`. */
export const socialFetchVideoSchema = z.looseObject({
  id: z.string().min(1),
  caption: z.string().nullable(),
  createdAt: z.string().nullable(),
  url: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  durationMs: z.number().int().min(0).nullable(),
  pinned: z.boolean(),
  isAd: z.boolean(),
  stats: z.looseObject({
    views: z.number().int().min(0),
    likes: z.number().int().min(0),
    comments: z.number().int().min(0),
    shares: z.number().int().min(0),
    saves: z.number().int().min(0),
  }),
  media: z.looseObject({
    downloadUrl: z.string().nullable(),
    downloadWithoutWatermarkUrl: z.string().nullable(),
  }),
  /** TikTok-native extras (author, music, challenges…); absent with `trim`. Kept in `raw`. */
  details: z.record(z.string(), z.unknown()).optional(),
});

/** One video of a Social Fetch page, as validated (kept in `Video.raw`). */
export type SocialFetchVideoRecord = z.infer<typeof socialFetchVideoSchema>;

/** Billing and tracing of every answer. */
export const socialFetchMetaSchema = z.looseObject({
  requestId: z.string().min(1),
  creditsCharged: z.number().int().min(0),
  version: z.string(),
});

export const socialFetchVideosPageSchema = z.looseObject({
  data: z.looseObject({
    videos: z.array(socialFetchVideoSchema),
    page: z.looseObject({
      nextCursor: z.string().nullable(),
      hasMore: z.boolean(),
    }),
  }),
  meta: socialFetchMetaSchema,
});

/** Every `ProfileLookupStatus`. */
export const PROFILE_LOOKUP_STATUSES = ['found', 'private', 'not_found'] as const;
/** Whether a profile lookup found the profile, found it private, or found nothing. */
export type ProfileLookupStatus = (typeof PROFILE_LOOKUP_STATUSES)[number];

/**
 * `GET /v1/tiktok/profiles/{handle}`. Only `lookupStatus` is relied on; the profile's other
 * fields are kept as sent.
 */
export const socialFetchProfileSchema = z.looseObject({
  data: z.looseObject({
    lookupStatus: z.enum(PROFILE_LOOKUP_STATUSES),
    profile: z
      .looseObject({ userId: z.string().nullish(), displayName: z.string().nullish() })
      .nullish(),
  }),
  meta: socialFetchMetaSchema.partial().optional(),
});

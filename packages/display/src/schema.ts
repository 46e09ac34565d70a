import { z } from 'zod';

/**
 * Every field of the Display API's VideoObject (v1 and v2 document the same set). The
 * default of `videos({ fields })`: the API returns only the fields it is asked for.
 */
export const DISPLAY_VIDEO_FIELDS = [
  'id',
  'create_time',
  'cover_image_url',
  'share_url',
  'video_description',
  'duration',
  'height',
  'width',
  'title',
  'embed_html',
  'embed_link',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
] as const;

/** A field name of the Display API's video object, as the API spells it. */
export type DisplayVideoField = (typeof DISPLAY_VIDEO_FIELDS)[number];

/**
 * An integer the API documents as int32/int64. Lossless parsing turns integers of 16+ digits
 * into decimal strings, so a string of digits is accepted and read back as a number.
 */
const integer = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform((digits) => Number(digits)),
]);

// Fields the caller did not ask for are absent; `null` is read as absent too.
const optionalString = z.string().nullish();
const optionalInteger = integer.nullish();

/** One VideoObject. `id` is documented as a string; a bare number is accepted and kept exact. */
export const displayVideoSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number().int()]),
  create_time: optionalInteger,
  cover_image_url: optionalString,
  share_url: optionalString,
  video_description: optionalString,
  duration: optionalInteger,
  height: optionalInteger,
  width: optionalInteger,
  title: optionalString,
  embed_html: optionalString,
  embed_link: optionalString,
  like_count: optionalInteger,
  comment_count: optionalInteger,
  share_count: optionalInteger,
  view_count: optionalInteger,
});

/** One video of a Display API page, as validated (kept in `Video.raw`). */
export type DisplayVideoRecord = z.infer<typeof displayVideoSchema>;

/** v1 `POST /video/list/`: `data.video_list`, `data.cursor` (ms timestamp), `data.has_more`. */
export const displayV1PageSchema = z.looseObject({
  data: z.looseObject({
    // Absent or null on an empty page.
    video_list: z.array(displayVideoSchema).nullish(),
    cursor: integer.nullish(),
    has_more: z.boolean(),
    err_code: integer.nullish(),
    error_code: integer.nullish(),
  }),
  extra: z
    .looseObject({ error_detail: z.string().nullish(), logid: z.string().nullish() })
    .nullish(),
});

/** v2 `POST /v2/video/list/`: `data.videos`, `data.cursor`, `data.has_more`, `error`. */
export const displayV2PageSchema = z.looseObject({
  data: z.looseObject({
    videos: z.array(displayVideoSchema).nullish(),
    cursor: integer.nullish(),
    has_more: z.boolean(),
  }),
  error: z
    .looseObject({
      code: z.string(),
      message: z.string().nullish(),
      log_id: z.string().nullish(),
    })
    .nullish(),
});

import type { Video } from '@tikrx/core';
import type { Pool, PoolClient } from 'pg';

/** Columns of `videos` as one batch row; JSON is how a whole batch travels as one parameter. */
interface VideoRow {
  id: string;
  source: string;
  create_time: number | null;
  username: string | null;
  description: string | null;
  region_code: string | null;
  music_id: string | null;
  hashtags: string[] | null;
  duration_sec: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  saves: number | null;
  raw: unknown;
}

// One statement per batch: the rows travel as a single jsonb parameter (no 65,535-parameter
// limit, one plan), sorted by id so that concurrent batches lock rows in the same order and
// cannot deadlock. A row seen again keeps its first_seen_at and gains the newer values.
const UPSERT_SQL = `
INSERT INTO videos AS v (id, source, create_time, username, description, region_code, music_id,
  hashtags, duration_sec, views, likes, comments, shares, saves, sources, raw)
SELECT r.id, r.source, to_timestamp(r.create_time), r.username, r.description, r.region_code,
  r.music_id, r.hashtags, r.duration_sec, r.views, r.likes, r.comments, r.shares, r.saves,
  jsonb_build_array(r.source), r.raw
FROM jsonb_to_recordset($1::jsonb) AS r(id text, source text, create_time double precision,
  username text, description text, region_code text, music_id text, hashtags text[],
  duration_sec double precision, views bigint, likes bigint, comments bigint, shares bigint,
  saves bigint, raw jsonb)
ORDER BY r.id
ON CONFLICT (id) DO UPDATE SET
  create_time = COALESCE(excluded.create_time, v.create_time),
  username = COALESCE(excluded.username, v.username),
  description = COALESCE(excluded.description, v.description),
  region_code = COALESCE(excluded.region_code, v.region_code),
  music_id = COALESCE(excluded.music_id, v.music_id),
  hashtags = COALESCE(excluded.hashtags, v.hashtags),
  duration_sec = COALESCE(excluded.duration_sec, v.duration_sec),
  views = COALESCE(excluded.views, v.views),
  likes = COALESCE(excluded.likes, v.likes),
  comments = COALESCE(excluded.comments, v.comments),
  shares = COALESCE(excluded.shares, v.shares),
  saves = COALESCE(excluded.saves, v.saves),
  sources = CASE WHEN v.sources @> excluded.sources THEN v.sources
                 ELSE v.sources || excluded.sources END,
  raw = COALESCE(excluded.raw, v.raw),
  last_seen_at = now()`;

const LINK_SQL = `
INSERT INTO crawl_videos (crawl_id, video_id)
SELECT $1, id FROM jsonb_array_elements_text($2::jsonb) AS id ORDER BY id
ON CONFLICT DO NOTHING`;

/**
 * Upserts `videos` by id in one statement (a batch of any size), and, when `crawlId` is
 * given, records that the crawl saw them. Any number of workers and retries leave one row
 * per id. Duplicates inside the batch are merged first (the last one wins): PostgreSQL
 * refuses to update a row twice in one statement.
 */
export async function upsertVideos(
  db: Pool | PoolClient,
  videos: readonly Video[],
  crawlId?: string,
): Promise<void> {
  if (videos.length === 0) return;
  const byId = new Map<string, VideoRow>();
  for (const video of videos) byId.set(video.id, rowOf(video));
  const rows = [...byId.values()];
  await db.query(UPSERT_SQL, [JSON.stringify(rows, bigintAsString)]);
  if (crawlId !== undefined) {
    await db.query(LINK_SQL, [crawlId, JSON.stringify(rows.map((row) => row.id))]);
  }
}

function rowOf(video: Video): VideoRow {
  return {
    id: video.id,
    source: video.source,
    create_time: video.createTime ?? null,
    username: video.username ?? null,
    description: video.description ?? null,
    region_code: video.regionCode ?? null,
    music_id: video.musicId ?? null,
    hashtags: video.hashtags ?? null,
    duration_sec: video.durationSec ?? null,
    views: video.stats?.views ?? null,
    likes: video.stats?.likes ?? null,
    comments: video.stats?.comments ?? null,
    shares: video.stats?.shares ?? null,
    saves: video.stats?.saves ?? null,
    raw: video.raw ?? null,
  };
}

/** A raw record may hold a bigint; JSON has no such type, so it goes as its exact decimal. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

import { recordTablesMigrationSql } from './record-tables-sql.js';

/**
 * The schema, as numbered steps applied once each (`migrate`). Never edit a step that
 * shipped: add the next one. From step 2 the record tables (videos, comments, users,
 * user_relations, playlists) are generated from the DuckDB sink's definitions (`TABLES`), so
 * the same queries run on both.
 */
export const MIGRATIONS: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'videos and crawl runs',
    sql: `
CREATE TABLE IF NOT EXISTS videos (
  id text PRIMARY KEY,
  source text NOT NULL,
  create_time timestamptz,
  username text,
  description text,
  region_code text,
  music_id text,
  hashtags text[],
  duration_sec double precision,
  views bigint,
  likes bigint,
  comments bigint,
  shares bigint,
  saves bigint,
  sources jsonb NOT NULL DEFAULT '[]',
  raw jsonb,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS videos_create_time ON videos (create_time);
CREATE INDEX IF NOT EXISTS videos_username ON videos (username);

CREATE TABLE IF NOT EXISTS crawl_runs (
  run_id text PRIMARY KEY,
  crawl_id text NOT NULL,
  owner text NOT NULL,
  spec jsonb NOT NULL,
  start_day date,
  end_day date,
  covers_until date,
  status text NOT NULL CHECK (status IN ('running', 'done', 'gaps')),
  windows integer NOT NULL,
  failed_windows integer NOT NULL DEFAULT 0,
  videos bigint NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS crawl_runs_crawl ON crawl_runs (crawl_id, status);

CREATE TABLE IF NOT EXISTS crawl_videos (
  crawl_id text NOT NULL,
  video_id text NOT NULL,
  PRIMARY KEY (crawl_id, video_id)
);
`,
  },
  {
    id: 2,
    name: 'record tables of the DuckDB sink',
    sql: `${recordTablesMigrationSql()}

-- The number the record tables' run_id holds (as in the DuckDB sink, a crawl_runs bigint id).
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS id bigserial UNIQUE;

-- Which crawl saw which comment, user, follower entry or playlist (videos: crawl_videos).
CREATE TABLE IF NOT EXISTS crawl_records (
  crawl_id text NOT NULL,
  kind text NOT NULL,
  key text[] NOT NULL,
  PRIMARY KEY (crawl_id, kind, key)
);
`,
  },
];

/**
 * The tables a crawl lands in: one per kind of record, typed columns, one key. Kept free of any
 * database driver, here below every sink, so that every SQL sink (DuckDB and Parquet in
 * `@tikrx/duckdb`, PostgreSQL in `@tikrx/queue`) writes the same names and types without one
 * depending on another's native module. `@tikrx/duckdb` re-exports these names publicly. A column names the record field it comes from by a dotted
 * path (`stats.views`), as the CSV columns do.
 *
 * Ids are text: exact for every digit of an int64 and of any future id, the same in PostgreSQL,
 * and read as strings by R's arrow and pandas (an unsigned 64-bit column becomes a double in R).
 */

/** A column's type, named once and spelled per dialect by {@link sqlType}. */
export type ColumnType =
  | 'text'
  | 'text[]'
  | 'integer'
  | 'bigint'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'json';

/** One column of a {@link TableDefinition}. */
export interface ColumnDefinition {
  /** The SQL column name (snake_case). */
  name: string;
  type: ColumnType;
  /**
   * The record field it holds, as a dotted path; `timestamp` columns read Unix seconds.
   * Absent for columns the sink fills itself (`first_seen_at`, `fetched_at`, `run_id`).
   */
  path?: string;
}

/** A table: its name, its key (the upsert target) and its columns, key columns first. */
export interface TableDefinition {
  name: string;
  /** The columns that identify a row; a record with the same key replaces the row's values. */
  key: readonly string[];
  columns: readonly ColumnDefinition[];
}

/** The columns every record table ends with, filled by the sink. */
const BOOKKEEPING: readonly ColumnDefinition[] = [
  // When the row was first written: kept by every later upsert.
  { name: 'first_seen_at', type: 'timestamp' },
  // When the row was last written (counts are as of then).
  { name: 'fetched_at', type: 'timestamp' },
  // The `crawl_runs` row that wrote it last, when the sink was given one.
  { name: 'run_id', type: 'bigint' },
];

/** `Video` (`@tikrx/core`) and `MergedVideo` (`sources`). */
export const VIDEOS_TABLE: TableDefinition = {
  name: 'videos',
  key: ['id'],
  columns: [
    { name: 'id', type: 'text', path: 'id' },
    { name: 'source', type: 'text', path: 'source' },
    { name: 'create_time', type: 'timestamp', path: 'createTime' },
    { name: 'username', type: 'text', path: 'username' },
    { name: 'description', type: 'text', path: 'description' },
    { name: 'title', type: 'text', path: 'title' },
    { name: 'url', type: 'text', path: 'url' },
    { name: 'cover_image_url', type: 'text', path: 'coverImageUrl' },
    { name: 'embed_url', type: 'text', path: 'embedUrl' },
    { name: 'embed_html', type: 'text', path: 'embedHtml' },
    { name: 'duration_sec', type: 'double', path: 'durationSec' },
    { name: 'width', type: 'integer', path: 'width' },
    { name: 'height', type: 'integer', path: 'height' },
    { name: 'region_code', type: 'text', path: 'regionCode' },
    { name: 'music_id', type: 'text', path: 'musicId' },
    { name: 'hashtags', type: 'text[]', path: 'hashtags' },
    { name: 'effect_ids', type: 'text[]', path: 'effectIds' },
    { name: 'mentions', type: 'text[]', path: 'mentions' },
    { name: 'playlist_id', type: 'text', path: 'playlistId' },
    { name: 'voice_to_text', type: 'text', path: 'voiceToText' },
    { name: 'is_stem_verified', type: 'boolean', path: 'isStemVerified' },
    { name: 'pinned', type: 'boolean', path: 'pinned' },
    { name: 'is_ad', type: 'boolean', path: 'isAd' },
    { name: 'view_count', type: 'bigint', path: 'stats.views' },
    { name: 'like_count', type: 'bigint', path: 'stats.likes' },
    { name: 'comment_count', type: 'bigint', path: 'stats.comments' },
    { name: 'share_count', type: 'bigint', path: 'stats.shares' },
    { name: 'save_count', type: 'bigint', path: 'stats.saves' },
    { name: 'download_url', type: 'text', path: 'media.downloadUrl' },
    { name: 'download_url_no_watermark', type: 'text', path: 'media.downloadUrlNoWatermark' },
    { name: 'sources', type: 'json', path: 'sources' },
    { name: 'raw', type: 'json', path: 'raw' },
    ...BOOKKEEPING,
  ],
};

/** `Comment` (`@tikrx/core`): Research API video comments and replies. */
export const COMMENTS_TABLE: TableDefinition = {
  name: 'comments',
  key: ['id'],
  columns: [
    { name: 'id', type: 'text', path: 'id' },
    { name: 'video_id', type: 'text', path: 'videoId' },
    // The API sends the video id here for a top-level comment; kept as sent.
    { name: 'parent_comment_id', type: 'text', path: 'parentCommentId' },
    { name: 'text', type: 'text', path: 'text' },
    { name: 'like_count', type: 'bigint', path: 'likeCount' },
    { name: 'reply_count', type: 'bigint', path: 'replyCount' },
    { name: 'create_time', type: 'timestamp', path: 'createTime' },
    { name: 'raw', type: 'json', path: 'raw' },
    ...BOOKKEEPING,
  ],
};

/** `UserProfile` (`@tikrx/core`): Research API user info, one row per username. */
export const USERS_TABLE: TableDefinition = {
  name: 'users',
  key: ['username'],
  columns: [
    { name: 'username', type: 'text', path: 'username' },
    { name: 'lookup_status', type: 'text', path: 'lookupStatus' },
    { name: 'api_message', type: 'text', path: 'apiMessage' },
    { name: 'display_name', type: 'text', path: 'displayName' },
    { name: 'bio_description', type: 'text', path: 'bioDescription' },
    { name: 'bio_url', type: 'text', path: 'bioUrl' },
    { name: 'avatar_url', type: 'text', path: 'avatarUrl' },
    { name: 'is_verified', type: 'boolean', path: 'isVerified' },
    { name: 'follower_count', type: 'bigint', path: 'followerCount' },
    { name: 'following_count', type: 'bigint', path: 'followingCount' },
    { name: 'likes_count', type: 'bigint', path: 'likesCount' },
    { name: 'video_count', type: 'bigint', path: 'videoCount' },
    { name: 'raw', type: 'json', path: 'raw' },
    ...BOOKKEEPING,
  ],
};

/** `UserRef` (`@tikrx/core`): one follower or following entry of one user. */
export const USER_RELATIONS_TABLE: TableDefinition = {
  name: 'user_relations',
  key: ['of', 'relation', 'username'],
  columns: [
    { name: 'of', type: 'text', path: 'of' },
    { name: 'relation', type: 'text', path: 'relation' },
    { name: 'username', type: 'text', path: 'username' },
    { name: 'display_name', type: 'text', path: 'displayName' },
    { name: 'raw', type: 'json', path: 'raw' },
    ...BOOKKEEPING,
  ],
};

/** `Playlist` (`@tikrx/core`). */
export const PLAYLISTS_TABLE: TableDefinition = {
  name: 'playlists',
  key: ['id'],
  columns: [
    { name: 'id', type: 'text', path: 'id' },
    { name: 'name', type: 'text', path: 'name' },
    { name: 'video_ids', type: 'text[]', path: 'videoIds' },
    { name: 'item_total', type: 'bigint', path: 'itemTotal' },
    { name: 'last_updated', type: 'bigint', path: 'lastUpdated' },
    { name: 'raw', type: 'json', path: 'raw' },
    ...BOOKKEEPING,
  ],
};

/**
 * One row per crawl run: what was asked, when it ran, what it brought. Written by the sink
 * (`crawlRun` option) and by the CLI; `id` is assigned by the sink (max + 1).
 */
export const CRAWL_RUNS_TABLE: TableDefinition = {
  name: 'crawl_runs',
  key: ['id'],
  columns: [
    { name: 'id', type: 'bigint' },
    // The command or a label: `research --hashtag cats --from 2024-01-01 --to 2024-03-31`.
    { name: 'crawl', type: 'text', path: 'crawl' },
    // The API's query JSON, when there is one.
    { name: 'query', type: 'json', path: 'query' },
    { name: 'start_date', type: 'text', path: 'startDate' },
    { name: 'end_date', type: 'text', path: 'endDate' },
    { name: 'started_at', type: 'timestamp' },
    { name: 'finished_at', type: 'timestamp' },
    // done | failed | interrupted | running (a run killed mid-way stays `running`).
    { name: 'status', type: 'text' },
    { name: 'records', type: 'bigint' },
    { name: 'requests', type: 'bigint' },
    // Date windows given up (`gap` events): `[{ start, end, reason }]`.
    { name: 'gaps', type: 'json' },
  ],
};

/** Every table, by the kind of record it holds. */
export const TABLES = {
  videos: VIDEOS_TABLE,
  comments: COMMENTS_TABLE,
  users: USERS_TABLE,
  userRelations: USER_RELATIONS_TABLE,
  playlists: PLAYLISTS_TABLE,
  crawlRuns: CRAWL_RUNS_TABLE,
} as const;

/** A kind of record a sink can write: a key of {@link TABLES} other than `crawlRuns`. */
export type RecordKind = Exclude<keyof typeof TABLES, 'crawlRuns'>;

const DUCKDB_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  'text[]': 'VARCHAR[]',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  // UTC, without a zone: DuckDB and Parquet readers show it as written.
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};

const POSTGRES_TYPES: Record<ColumnType, string> = {
  text: 'text',
  'text[]': 'text[]',
  integer: 'integer',
  bigint: 'bigint',
  double: 'double precision',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  json: 'jsonb',
};

/** The SQL type of a column in one dialect. */
export function sqlType(type: ColumnType, dialect: 'duckdb' | 'postgres'): string {
  return (dialect === 'duckdb' ? DUCKDB_TYPES : POSTGRES_TYPES)[type];
}

/** A quoted identifier (`"of"` is a keyword in both dialects). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `CREATE TABLE IF NOT EXISTS` for one table in one dialect, the key as primary key (left out
 * with `primaryKey: false`, for a table that is only ever appended to).
 */
export function createTableSql(
  table: TableDefinition,
  dialect: 'duckdb' | 'postgres',
  options: { primaryKey?: boolean } = {},
): string {
  const lines = table.columns.map(
    (column) => `  ${quoteIdentifier(column.name)} ${sqlType(column.type, dialect)}`,
  );
  if (options.primaryKey !== false) {
    lines.push(`  PRIMARY KEY (${table.key.map(quoteIdentifier).join(', ')})`);
  }
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table.name)} (\n${lines.join(',\n')}\n)`;
}

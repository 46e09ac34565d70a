import {
  type ColumnType,
  createTableSql,
  quoteIdentifier,
  type RecordKind,
  sqlType,
  TABLES,
  type TableDefinition,
} from '@tikrx/operators/internal';

/**
 * The PostgreSQL side of the tables every tikrx SQL sink shares (`TABLES` in
 * `@tikrx/operators/internal`, the DuckDB sink's schema): the migration that creates them and
 * the statement that upserts a batch into one of them. Generated from the definitions, so a
 * column added there reaches both databases.
 */

/** The record tables the queue writes, in the order the migration creates them. */
export const RECORD_KINDS: readonly RecordKind[] = [
  'videos',
  'comments',
  'users',
  'userRelations',
  'playlists',
];

/**
 * Columns of the queue's first schema (before it shared the DuckDB sink's) under their shared
 * names. Renamed in place, so a database created by migration 1 keeps its rows.
 */
const RENAMED_VIDEO_COLUMNS: ReadonlyArray<[from: string, to: string]> = [
  ['views', 'view_count'],
  ['likes', 'like_count'],
  ['comments', 'comment_count'],
  ['shares', 'share_count'],
  ['saves', 'save_count'],
  ['last_seen_at', 'fetched_at'],
];

/**
 * DDL bringing every record table to the shared schema: renames of the first schema's video
 * columns, `CREATE TABLE IF NOT EXISTS` for each table, then `ADD COLUMN IF NOT EXISTS` for
 * each column (a table created by an earlier step gains what it lacks).
 */
export function recordTablesMigrationSql(): string {
  const renames = RENAMED_VIDEO_COLUMNS.map(
    ([from, to]) => `
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = 'videos' AND column_name = '${from}')
  THEN ALTER TABLE videos RENAME COLUMN ${quoteIdentifier(from)} TO ${quoteIdentifier(to)};
  END IF;
END $$;`,
  );
  const tables = RECORD_KINDS.map((kind) => {
    const table = TABLES[kind];
    const name = quoteIdentifier(table.name);
    const columns = table.columns.map(
      (column) =>
        `ALTER TABLE ${name} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column.name)} ${sqlType(column.type, 'postgres')};`,
    );
    return [`${createTableSql(table, 'postgres')};`, ...columns].join('\n');
  });
  return [...renames, ...tables].join('\n');
}

/** The type a column's value has in the batch's JSON (timestamps travel as Unix seconds). */
function recordsetType(type: ColumnType): string {
  return type === 'timestamp' ? 'double precision' : sqlType(type, 'postgres');
}

/**
 * One statement upserting a batch into `table`: `$1` the rows as one jsonb array (objects
 * keyed by column name: no 65,535-parameter limit, one plan), `$2` the queue's run id or
 * NULL. Rows are inserted in key order, so concurrent batches lock rows in the same order and
 * cannot deadlock. A row seen again keeps `first_seen_at` and every value the new record lacks
 * (absent is not zero), takes the new ones, and is stamped with the new `fetched_at` and run.
 * `videos.sources` gathers every source that saw the video.
 */
export function upsertSql(table: TableDefinition): string {
  const target = quoteIdentifier(table.name);
  const fromRecord = table.columns.filter((column) => column.path !== undefined);
  const shape = fromRecord
    .map((column) => `${quoteIdentifier(column.name)} ${recordsetType(column.type)}`)
    .join(', ');
  const names = table.columns.map((column) => quoteIdentifier(column.name));
  const values = table.columns.map((column) => valueExpression(table, column.name, column.type));
  const updates = table.columns
    .filter((column) => !table.key.includes(column.name) && column.name !== 'first_seen_at')
    .map((column) => `${quoteIdentifier(column.name)} = ${updateExpression(table, column.name)}`);
  const key = table.key.map((name) => `r.${quoteIdentifier(name)}`).join(', ');
  return `INSERT INTO ${target} AS t (${names.join(', ')})
SELECT ${values.join(', ')}
FROM jsonb_to_recordset($1::jsonb) AS r(${shape})
ORDER BY ${key}
ON CONFLICT (${table.key.map(quoteIdentifier).join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/**
 * {@link upsertSql} and, in the same statement (one round trip), the link of every row to the
 * crawl that saw it: `$3` the crawl id; videos into `crawl_videos`, other records into
 * `crawl_records` under `$4`, their kind.
 */
export function upsertAndLinkSql(table: TableDefinition): string {
  const keys = table.key.map((name) => `u.${quoteIdentifier(name)}`);
  const link =
    table.name === 'videos'
      ? `INSERT INTO crawl_videos (crawl_id, video_id)
SELECT $3, u.id FROM upserted u ORDER BY u.id`
      : `INSERT INTO crawl_records (crawl_id, kind, key)
SELECT $3, $4, ARRAY[${keys.map((key) => `${key}::text`).join(', ')}] FROM upserted u ORDER BY ${keys.join(', ')}`;
  return `WITH upserted AS (
${upsertSql(table)}
RETURNING ${table.key.map((name) => `t.${quoteIdentifier(name)}`).join(', ')}
)
${link}
ON CONFLICT DO NOTHING`;
}

function valueExpression(table: TableDefinition, name: string, type: ColumnType): string {
  if (name === 'first_seen_at' || name === 'fetched_at') return 'now()';
  if (name === 'run_id') return '(SELECT id FROM crawl_runs WHERE run_id = $2)';
  const value = `r.${quoteIdentifier(name)}`;
  if (table.name === 'videos' && name === 'sources') {
    return `COALESCE(${value}, jsonb_build_array(r.source))`;
  }
  return type === 'timestamp' ? `to_timestamp(${value})` : value;
}

function updateExpression(table: TableDefinition, name: string): string {
  const column = quoteIdentifier(name);
  if (name === 'fetched_at') return `excluded.${column}`;
  if (table.name === 'videos' && name === 'sources') {
    return `CASE WHEN t.sources @> excluded.sources THEN t.sources
                 ELSE t.sources || excluded.sources END`;
  }
  return `COALESCE(excluded.${column}, t.${column})`;
}

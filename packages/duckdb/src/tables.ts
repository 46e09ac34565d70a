// The schema lives in `@tikrx/operators/internal` (pure TypeScript, no database driver) so that
// `@tikrx/queue` generates its PostgreSQL migration from the same tables without loading
// DuckDB's native module; this package keeps exporting every name under its own.
export type {
  ColumnDefinition,
  ColumnType,
  RecordKind,
  TableDefinition,
} from '@tikrx/operators/internal';
export {
  COMMENTS_TABLE,
  CRAWL_RUNS_TABLE,
  createTableSql,
  PLAYLISTS_TABLE,
  quoteIdentifier,
  sqlType,
  TABLES,
  USER_RELATIONS_TABLE,
  USERS_TABLE,
  VIDEOS_TABLE,
} from '@tikrx/operators/internal';

export type { BatchSinkOptions, BatchTarget } from './batch-sink.js';
export { batchSink } from './batch-sink.js';
export type { CrawlRunInfo, CrawlRunSummary } from './crawl-bookkeeping.js';
export type { DuckdbStore, DuckdbStoreOptions } from './open-duckdb.js';
export { DEFAULT_MEMORY_LIMIT, openDuckdb } from './open-duckdb.js';
export { recordKindOf } from './record-kind.js';
export type {
  ColumnDefinition,
  ColumnType,
  RecordKind,
  TableDefinition,
} from './tables.js';
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
} from './tables.js';
export type { DuckdbWriteResult, WriteDuckdbOptions } from './write-duckdb.js';
export { writeDuckdb } from './write-duckdb.js';
export type { WriteParquetOptions } from './write-parquet.js';
export { writeParquet } from './write-parquet.js';

/**
 * `@tikrx/operators/internal`: what the tikrx clients and the CLI share beyond the public
 * operators (the one page-request pipeline, CSV cell writing, retry decisions, the SQL sinks' tables). Not part of
 * the public API: anything here may change or go in any release, without a semver major.
 *
 * @packageDocumentation
 */
export type { Requester, RequesterOptions, RequesterRequest } from './create-requester.js';
export { createRequester } from './create-requester.js';
export { CSV_ARRAY_SEPARATOR, csvCell, csvField, valueAtPath } from './csv.js';
export { isSyncDedupeStore } from './dedupe-store.js';
export { isRetriedByDefault, msUntilNextUtcMidnight } from './retry-with-backoff.js';
export type {
  ColumnDefinition,
  ColumnType,
  RecordKind,
  TableDefinition,
} from './sql-tables.js';
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
} from './sql-tables.js';

import { type RecordKind, TABLES, valueAtPath } from '@tikrx/operators/internal';
import type { Pool, PoolClient } from 'pg';
import { upsertAndLinkSql, upsertSql } from './record-tables-sql.js';

/** Where a batch came from, for the link tables and the rows' `run_id`. */
export interface UpsertSource {
  /** The crawl that saw these records (`crawl_videos`, `crawl_records`). */
  crawlId?: string;
  /** The queue run (`crawl_runs.run_id`) whose numeric id the rows' `run_id` gets. */
  runId?: string;
}

const sqlOf = (build: typeof upsertSql) =>
  Object.fromEntries(Object.entries(TABLES).map(([kind, table]) => [kind, build(table)])) as Record<
    RecordKind,
    string
  >;
const UPSERT_SQL = sqlOf(upsertSql);
const UPSERT_AND_LINK_SQL = sqlOf(upsertAndLinkSql);

/**
 * Upserts records of one kind into their table (the DuckDB sink's schema) by the table's key,
 * in one statement whatever the batch's size, and records which crawl saw them. Any number of
 * workers and retries leave one row per key. Records with the same key inside the batch are
 * merged first (the last one wins): PostgreSQL refuses to update a row twice in one statement.
 */
export async function upsertRecords(
  db: Pool | PoolClient,
  kind: RecordKind,
  records: readonly object[],
  source: UpsertSource = {},
): Promise<void> {
  if (records.length === 0) return;
  const table = TABLES[kind];
  const byKey = new Map<string, Record<string, unknown>>();
  for (const record of records) {
    const row: Record<string, unknown> = {};
    for (const column of table.columns) {
      if (column.path !== undefined) row[column.name] = valueAtPath(record, column.path) ?? null;
    }
    byKey.set(JSON.stringify(table.key.map((name) => row[name])), row);
  }
  const rows = JSON.stringify([...byKey.values()], bigintAsString);
  const runId = source.runId ?? null;
  // One statement either way: the link rides in the upsert's round trip.
  await (source.crawlId === undefined
    ? db.query(UPSERT_SQL[kind], [rows, runId])
    : db.query(UPSERT_AND_LINK_SQL[kind], [
        rows,
        runId,
        source.crawlId,
        ...(kind === 'videos' ? [] : [kind]),
      ]));
}

/** A raw record may hold a bigint; JSON has no such type, so it goes as its exact decimal. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

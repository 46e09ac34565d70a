import { type RecordKind, TABLES, valueAtPath } from '@tikrx/operators/internal';
import type { Pool, PoolClient } from 'pg';
import { upsertSql } from './record-tables-sql.js';

/** Where a batch came from, for the link tables and the rows' `run_id`. */
export interface UpsertSource {
  /** The crawl that saw these records (`crawl_videos`, `crawl_records`). */
  crawlId?: string;
  /** The queue run (`crawl_runs.run_id`) whose numeric id the rows' `run_id` gets. */
  runId?: string;
}

const UPSERT_SQL = Object.fromEntries(
  Object.entries(TABLES).map(([kind, table]) => [kind, upsertSql(table)]),
) as Record<RecordKind, string>;

const LINK_VIDEOS_SQL = `
INSERT INTO crawl_videos (crawl_id, video_id)
SELECT $1, id FROM jsonb_array_elements_text($2::jsonb) AS id ORDER BY id
ON CONFLICT DO NOTHING`;

const LINK_RECORDS_SQL = `
INSERT INTO crawl_records (crawl_id, kind, key)
SELECT $1, $2, ARRAY(SELECT jsonb_array_elements_text(k)) AS key
FROM jsonb_array_elements($3::jsonb) AS k ORDER BY key
ON CONFLICT DO NOTHING`;

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
  const byKey = new Map<string, { key: string[]; row: Record<string, unknown> }>();
  for (const record of records) {
    const row: Record<string, unknown> = {};
    for (const column of table.columns) {
      if (column.path !== undefined) row[column.name] = valueAtPath(record, column.path) ?? null;
    }
    const key = table.key.map((name) => String(row[name]));
    byKey.set(JSON.stringify(key), { key, row });
  }
  const rows = [...byKey.values()];
  await db.query(UPSERT_SQL[kind], [
    JSON.stringify(
      rows.map((entry) => entry.row),
      bigintAsString,
    ),
    source.runId ?? null,
  ]);
  if (source.crawlId === undefined) return;
  if (kind === 'videos') {
    await db.query(LINK_VIDEOS_SQL, [
      source.crawlId,
      JSON.stringify(rows.map((entry) => entry.key[0])),
    ]);
  } else {
    await db.query(LINK_RECORDS_SQL, [
      source.crawlId,
      kind,
      JSON.stringify(rows.map((entry) => entry.key)),
    ]);
  }
}

/** A raw record may hold a bigint; JSON has no such type, so it goes as its exact decimal. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

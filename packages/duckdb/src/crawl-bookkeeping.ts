import type { DuckDBConnection } from '@duckdb/node-api';
import { createTableSql, TABLES } from './tables.js';

/**
 * The rows a store keeps about crawls rather than their records: one `crawl_runs` row per run
 * (`tables.ts`), and one `crawl_checkpoints` row per crawl, where a crawl's resume state can be
 * committed in the same transaction as the records it covers.
 */

/** What a crawl run asked for (the `crawl_runs` row's first columns). */
export interface CrawlRunInfo {
  /** The command line or a label. */
  crawl: string;
  /** The API's query, when there is one. */
  query?: unknown;
  /** The first day of the crawl's range (`YYYYMMDD`), when it has one. */
  startDate?: string;
  /** The last day of the crawl's range (`YYYYMMDD`), when it has one. */
  endDate?: string;
}

/** How a crawl run ended. */
export interface CrawlRunSummary {
  /** `done` when every record got there; `interrupted` by Ctrl-C; otherwise `failed`. */
  status: 'done' | 'failed' | 'interrupted';
  /** Records written by the run. */
  records: number;
  /** Requests the run sent, when known. */
  requests?: number;
  /** Date windows given up (`gap` events). */
  gaps?: readonly unknown[];
}

const nowMicros = () => BigInt(Date.now()) * 1000n;

// A crawl's latest checkpoint, keyed by the crawl (a command line or a label): one database can
// hold several crawls, each resuming from its own row. Small, so it has a primary key.
const CHECKPOINTS_DDL = `CREATE TABLE IF NOT EXISTS crawl_checkpoints (
  crawl VARCHAR PRIMARY KEY,
  checkpoint JSON,
  saved_at TIMESTAMP
)`;

/** Creates the bookkeeping tables when missing. */
export async function createBookkeepingTables(connection: DuckDBConnection): Promise<void> {
  await connection.run(createTableSql(TABLES.crawlRuns, 'duckdb'));
  await connection.run(CHECKPOINTS_DDL);
}

/** Adds a `crawl_runs` row (status `running`) and returns its id. */
export async function insertRun(connection: DuckDBConnection, run: CrawlRunInfo): Promise<number> {
  const rows = await connection.runAndReadAll(
    `INSERT INTO crawl_runs (id, crawl, query, start_date, end_date, started_at, status)
     SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, make_timestamp($5::BIGINT), 'running' FROM crawl_runs
     RETURNING id`,
    [
      run.crawl,
      run.query === undefined ? null : JSON.stringify(run.query),
      run.startDate ?? null,
      run.endDate ?? null,
      nowMicros(),
    ],
  );
  return Number(rows.getRowsJS()[0]![0]);
}

/** Completes a `crawl_runs` row. */
export async function updateRun(
  connection: DuckDBConnection,
  runId: number,
  summary: CrawlRunSummary,
): Promise<void> {
  await connection.run(
    `UPDATE crawl_runs SET finished_at = make_timestamp($1::BIGINT), status = $2, records = $3,
       requests = $4, gaps = $5 WHERE id = $6`,
    [
      nowMicros(),
      summary.status,
      BigInt(summary.records),
      summary.requests === undefined ? null : BigInt(summary.requests),
      JSON.stringify(summary.gaps ?? []),
      BigInt(runId),
    ],
  );
}

/** Replaces the checkpoint of `crawl` (in the caller's transaction, if there is one). */
export async function upsertCheckpoint(
  connection: DuckDBConnection,
  crawl: string,
  checkpoint: unknown,
): Promise<void> {
  await connection.run(
    `INSERT OR REPLACE INTO crawl_checkpoints (crawl, checkpoint, saved_at)
     VALUES ($1, $2, make_timestamp($3::BIGINT))`,
    [crawl, JSON.stringify(checkpoint), nowMicros()],
  );
}

/** The checkpoint of `crawl`, parsed; `undefined` when it has none. */
export async function selectCheckpoint(
  connection: DuckDBConnection,
  crawl: string,
): Promise<unknown> {
  // A database opened read-only may predate the table.
  const tables = await connection.runAndReadAll(
    "SELECT 1 FROM duckdb_tables() WHERE table_name = 'crawl_checkpoints' AND schema_name = 'main'",
  );
  if (tables.currentRowCount === 0) return undefined;
  const rows = await connection.runAndReadAll(
    'SELECT checkpoint FROM crawl_checkpoints WHERE crawl = $1',
    [crawl],
  );
  const [row] = rows.getRowsJS();
  return row === undefined ? undefined : JSON.parse(String(row[0]));
}

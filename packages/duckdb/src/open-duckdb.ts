import { rename } from 'node:fs/promises';
import {
  BIGINT,
  type DuckDBConnection,
  type DuckDBInstance,
  type DuckDBPreparedStatement,
  VARCHAR,
} from '@duckdb/node-api';
import { TikrxError } from '@tikrx/core';
import { createIdStore, type IdStore } from '@tikrx/operators';
import { connectFile } from './connect-file.js';
import {
  type CrawlRunInfo,
  type CrawlRunSummary,
  createBookkeepingTables,
  insertRun,
  selectCheckpoint,
  updateRun,
  upsertCheckpoint,
} from './crawl-bookkeeping.js';
import { createTableSql, quoteIdentifier, type RecordKind, TABLES } from './tables.js';
import { moveStagedSql } from './upsert-sql.js';

/** DuckDB's `memory_limit` unless told otherwise (its buffer pool; at 32 MB its checkpoints failed). */
export const DEFAULT_MEMORY_LIMIT = '64MB';

/** Rows per Parquet row group: the writer buffers one whole group (~1 KB a video). */
const PARQUET_ROW_GROUP = 20_000;

/** Options of `openDuckdb` and of the DuckDB sinks: memory, threads and upsert or append. */
export interface DuckdbStoreOptions {
  /** DuckDB's `memory_limit` (its buffer pool; it spills beyond it). Default `'64MB'`. */
  memoryLimit?: string;
  /**
   * `'upsert'` (default): one row per key; a record with a known key refreshes the row.
   * `'append'`: every record a new row (faster; a repeated crawl duplicates rows).
   */
  mode?: 'upsert' | 'append';
  /** DuckDB's worker threads. Default 1: a sink's batches are small, and the crawl needs the cores. */
  threads?: number;
  /** Open for reading only (another process may read the same file at once). */
  readOnly?: boolean;
}

/** A DuckDB file holding crawls: see {@link openDuckdb}. */
export interface DuckdbStore {
  readonly path: string;
  /** The connection, for reading (`runAndReadAll`) or anything the store does not cover. */
  readonly connection: DuckDBConnection;
  /** Writes `records` of one kind in one transaction (see `upsert-sql.ts`). */
  write(kind: RecordKind, records: readonly object[], runId?: number): Promise<void>;
  /**
   * Runs `work` in one transaction: every `write` and `saveCheckpoint` in it commits together,
   * or none does.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Adds a `crawl_runs` row (status `running`) and returns its id. */
  startRun(run: CrawlRunInfo): Promise<number>;
  /** Completes a `crawl_runs` row. */
  finishRun(runId: number, summary: CrawlRunSummary): Promise<void>;
  /**
   * Replaces the checkpoint of `crawl` (any JSON value) in `crawl_checkpoints`. Inside
   * {@link DuckdbStore.transaction}, it commits with the records written there: a crawl that
   * resumes from it finds exactly the records it covers.
   */
  saveCheckpoint(crawl: string, checkpoint: unknown): Promise<void>;
  /** The last checkpoint saved for `crawl`, or `undefined`. */
  readCheckpoint(crawl: string): Promise<unknown>;
  /** Rows of a SELECT as plain objects (BIGINT as bigint, TIMESTAMP as Date). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /**
   * Writes a table to a zstd Parquet file (through a temporary file, renamed when complete);
   * one row per key, the last written, also from an appended table.
   */
  copyToParquet(kind: RecordKind, path: string): Promise<void>;
  /** Closes the connection and the database (writing its WAL into the file). */
  close(): void;
}

/**
 * Opens (or creates) a DuckDB database file for crawl records: tables per kind (`tables.ts`),
 * created on first write. `':memory:'` opens a database in memory.
 */
export async function openDuckdb(
  path: string,
  options: DuckdbStoreOptions = {},
): Promise<DuckdbStore> {
  const mode = options.mode ?? 'upsert';
  const settings: Record<string, string> = {
    memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    // Spares memory on large inserts and COPY; row order within a table means nothing here.
    preserve_insertion_order: 'false',
  };
  settings['threads'] = String(options.threads ?? 1);
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  try {
    ({ instance, connection } = await connectFile(path, settings, options.readOnly === true));
  } catch (error) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `Cannot open DuckDB database ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  const ready = new Set<string>();
  // Planned once per table: planning the move costs more than moving a page of records.
  const moves = new Map<RecordKind, DuckDBPreparedStatement>();
  const inserts = new Map<RecordKind, DuckDBPreparedStatement>();
  // The keys each table holds (12.5 bytes a video id, see createIdStore): a record with a new
  // key is a plain insert; only known keys pay for the MERGE, whose join scans the table.
  const keysInTable = new Map<RecordKind, Pick<IdStore, 'has' | 'add'>>();
  const ensureTable = async (kind: RecordKind | 'crawlRuns') => {
    if (ready.has(kind)) return;
    if (kind === 'crawlRuns') await createBookkeepingTables(connection);
    else {
      const table = TABLES[kind];
      // No key index on record tables (see moveStagedSql).
      await connection.run(createTableSql(table, 'duckdb', { primaryKey: false }));
      moves.set(kind, await connection.prepare(moveStagedSql(table, mode)));
      inserts.set(kind, await connection.prepare(moveStagedSql(table, 'append')));
      if (mode === 'upsert') keysInTable.set(kind, await readKeys(connection, kind));
    }
    ready.add(kind);
  };

  /**
   * Runs `statement` on `lines` (JSON records), bound as one text parameter: no staging table,
   * whose churn (one per batch) DuckDB kept in memory.
   */
  const move = async (
    lines: readonly string[],
    statement: DuckDBPreparedStatement,
    runId: number | undefined,
  ) => {
    if (lines.length === 0) return;
    statement.bind(
      [BigInt(Date.now()) * 1000n, runId === undefined ? null : BigInt(runId), lines.join('\n')],
      [BIGINT, BIGINT, VARCHAR],
    );
    await statement.run();
  };

  let inTransaction = false;
  const transaction = async <T>(work: () => Promise<T>): Promise<T> => {
    // Nested: the outer transaction covers the work.
    if (inTransaction) return work();
    inTransaction = true;
    await connection.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await connection.run('COMMIT');
      return result;
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      inTransaction = false;
    }
  };

  const write = async (kind: RecordKind, records: readonly object[], runId?: number) => {
    if (records.length === 0) return;
    // Tables and prepared statements outside the transaction: a rollback keeps them.
    await ensureTable(kind);
    await transaction(() => writeRecords(kind, records, runId));
  };

  const writeRecords = async (kind: RecordKind, records: readonly object[], runId?: number) => {
    const known = keysInTable.get(kind);
    if (known === undefined) {
      await move(records.map(toLine), inserts.get(kind)!, runId);
      return;
    }
    const fresh: string[] = [];
    const freshKeys: string[] = [];
    const updates: string[] = [];
    for (const [key, record] of lastPerKey(records, kind)) {
      if (known.has(key)) updates.push(toLine(record));
      else {
        fresh.push(toLine(record));
        freshKeys.push(key);
      }
    }
    await move(fresh, inserts.get(kind)!, runId);
    for (const key of freshKeys) known.add(key);
    await move(updates, moves.get(kind)!, runId);
  };

  const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();

  return {
    path,
    connection,
    write,
    transaction,
    async startRun(run) {
      await ensureTable('crawlRuns');
      return insertRun(connection, run);
    },
    async finishRun(runId, summary) {
      await ensureTable('crawlRuns');
      await updateRun(connection, runId, summary);
    },
    async saveCheckpoint(crawl, checkpoint) {
      await ensureTable('crawlRuns');
      await upsertCheckpoint(connection, crawl, checkpoint);
    },
    async readCheckpoint(crawl) {
      return selectCheckpoint(connection, crawl);
    },
    query,
    async copyToParquet(kind, target) {
      await ensureTable(kind);
      const table = TABLES[kind];
      const partial = `${target}.partial`;
      // An appended table may hold a key more than once: the last row written wins.
      const rows =
        mode === 'upsert'
          ? quoteIdentifier(table.name)
          : `(SELECT * FROM ${quoteIdentifier(table.name)} QUALIFY row_number() OVER (PARTITION BY ${table.key.map(quoteIdentifier).join(', ')} ORDER BY rowid DESC) = 1)`;
      await connection.run(
        `COPY ${rows} TO '${partial.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${PARQUET_ROW_GROUP})`,
      );
      await rename(partial, target);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const toLine = (record: object) => JSON.stringify(record);

/** The key of a record: its key fields, joined by NUL when there are several. */
function keyPaths(kind: RecordKind): string[] {
  const table = TABLES[kind];
  return table.key.map((name) => table.columns.find((column) => column.name === name)!.path!);
}

/** The keys a table holds, in the form `lastPerKey` gives them. */
async function readKeys(connection: DuckDBConnection, kind: RecordKind): Promise<IdStore> {
  const table = TABLES[kind];
  const key =
    table.key.length === 1
      ? quoteIdentifier(table.key[0]!)
      : `concat_ws(chr(0), ${table.key.map(quoteIdentifier).join(', ')})`;
  const rows = await connection.runAndReadAll(`SELECT ${key} FROM ${quoteIdentifier(table.name)}`);
  const store = createIdStore();
  for (const [value] of rows.getRowsJS()) store.add(String(value));
  return store;
}

/** The last record of each key, by key (a MERGE refuses to update a row twice). */
function lastPerKey(records: readonly object[], kind: RecordKind): Map<string, object> {
  const paths = keyPaths(kind);
  const byKey = new Map<string, object>();
  for (const record of records) {
    const values = record as Record<string, unknown>;
    const id =
      paths.length === 1
        ? String(values[paths[0]!])
        : paths.map((p) => String(values[p])).join('\u0000');
    byKey.delete(id);
    byKey.set(id, record);
  }
  return byKey;
}

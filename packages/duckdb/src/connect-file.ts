import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Rows per row group in a database the sinks write. DuckDB's default, 122,880, makes each
 * checkpoint compress that many rows of every column at once, in memory outside
 * `memory_limit`: with videos' `raw` and `sources` JSON that was ~130 MB of RSS a checkpoint
 * (a 274 k-video crawl peaked at 471 MB; with 16,384 rows, 339 MB and a smaller file).
 */
export const WRITE_ROW_GROUP_SIZE = 16_384;

/**
 * WAL size at which DuckDB checkpoints a file the sinks write (its default is 16 MB). Each
 * checkpoint compresses the new rows and rewrites the table's metadata, a cost that grows with
 * the file: 1,002,800 videos through the README pipeline (`pnpm bench`, `sinks`) wrote 10,457
 * videos/s at 376 MB peak RSS with 64 MB, against 7,364 at 396 MB with the default; 256 MB
 * gained nothing more. The WAL is still written and synced at every commit, so a killed crawl
 * loses no committed batch.
 */
export const WRITE_CHECKPOINT_THRESHOLD = '64MB';

/** Alias of the database file in the connection (`USE`d, so plain table names reach it). */
const FILE_ALIAS = 'crawl_file';

/**
 * An instance and its connection on `path`. A writable file is attached to an in-memory
 * instance (`ATTACH … (ROW_GROUP_SIZE …)`, then `USE`): the row group size is an option of
 * `ATTACH` only. Its spill files go beside it, as for a file opened directly.
 */
export async function connectFile(
  path: string,
  settings: Record<string, string>,
  readOnly: boolean,
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  if (readOnly || path === ':memory:') {
    const instance = await DuckDBInstance.create(path, {
      ...settings,
      ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
    });
    return { instance, connection: await instance.connect() };
  }
  const instance = await DuckDBInstance.create(':memory:', {
    ...settings,
    temp_directory: `${path}.tmp`,
    checkpoint_threshold: WRITE_CHECKPOINT_THRESHOLD,
  });
  try {
    const connection = await instance.connect();
    await connection.run(
      `ATTACH '${path.replaceAll("'", "''")}' AS ${FILE_ALIAS} (ROW_GROUP_SIZE ${WRITE_ROW_GROUP_SIZE})`,
    );
    await connection.run(`USE ${FILE_ALIAS}`);
    return { instance, connection };
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}

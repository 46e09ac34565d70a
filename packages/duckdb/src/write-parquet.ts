import type { Video } from '@tikrx/core';
import { createIdStore } from '@tikrx/operators';
import type { OperatorFunction } from 'rxjs';
import { type BatchSinkOptions, batchSink } from './batch-sink.js';
import { openParquetFile } from './parquet-file.js';
import { type RecordKind, TABLES } from './tables.js';

/** Rows per row group unless told otherwise: ~5–10 MB of records in memory while encoded. */
const DEFAULT_ROW_GROUP_ROWS = 5_000;

/** Options of {@link writeParquet}. */
export interface WriteParquetOptions extends BatchSinkOptions {
  /** The table schema the file has (`tables.ts`). Default `'videos'`. */
  kind?: RecordKind;
  /**
   * Rows per row group. Default 5,000: the records of one group are held while it gathers
   * and is encoded; larger groups compress a little better and cost that much more memory.
   */
  rowGroupRows?: number;
}

/**
 * Writes the records to a gzip-compressed Parquet file with the columns of `tables.ts` (the
 * same names and types as the DuckDB table), streamed: each `rowGroupRows` records are encoded
 * as one row group and appended, so memory stays flat however long the crawl. One row per
 * key: a record whose key was already written is left out (the keys are kept in an id store,
 * about 12 bytes a video). The file appears at `path` when the stream completes (it is written
 * as `path.partial`, removed if the stream fails). Backpressure as every sink. Emits
 * `{ written }`, the rows in the file.
 *
 * `videos$.pipe(writeParquet('videos.parquet')).subscribe()`
 */
export function writeParquet<T extends object = Video>(
  path: string,
  options: WriteParquetOptions = {},
): OperatorFunction<T, { written: number }> {
  const table = TABLES[options.kind ?? 'videos'];
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  const keyPaths = table.key.map((name) => table.columns.find((c) => c.name === name)!.path!);
  const keyOf = (record: object) =>
    keyPaths.map((p) => String((record as Record<string, unknown>)[p])).join('\u0000');
  return batchSink<T, { written: number }>(
    `Parquet file ${path}`,
    async () => {
      const file = await openParquetFile(path, table);
      const seen = createIdStore();
      let group: T[] = [];
      let rows = 0;
      let closed = false;
      const writeGroup = async () => {
        const records = group.length <= rowGroupRows ? group : group.slice(0, rowGroupRows);
        group = group.length <= rowGroupRows ? [] : group.slice(rowGroupRows);
        await file.writeRowGroup(records, { writtenAtMicros: BigInt(Date.now()) * 1000n });
        rows += records.length;
      };
      return {
        async write(batch) {
          for (const record of batch) {
            const key = keyOf(record);
            if (seen.has(key)) continue;
            seen.add(key);
            group.push(record);
          }
          while (group.length >= rowGroupRows) await writeGroup();
        },
        async close(complete) {
          if (closed) return { written: rows };
          closed = true;
          try {
            if (!complete) {
              await file.abort();
              return { written: rows };
            }
            while (group.length > 0) await writeGroup();
            await file.finish();
          } catch (error) {
            await file.abort();
            throw error;
          }
          return { written: rows };
        },
      };
    },
    options,
  );
}

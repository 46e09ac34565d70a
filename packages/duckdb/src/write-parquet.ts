import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Video } from '@tikrx/core';
import type { OperatorFunction } from 'rxjs';
import { type BatchSinkOptions, batchSink } from './batch-sink.js';
import { type DuckdbStoreOptions, openDuckdb } from './open-duckdb.js';
import type { RecordKind } from './tables.js';

export interface WriteParquetOptions extends BatchSinkOptions, Pick<DuckdbStoreOptions, 'threads'> {
  /** The table schema the file has. Default `'videos'`. */
  kind?: RecordKind;
  /** DuckDB's `memory_limit` while gathering. Default `'160MB'`. */
  memoryLimit?: string;
  /** Where the temporary database lives. Default the OS temporary directory. */
  tempDirectory?: string;
}

/**
 * Writes the records to a zstd-compressed Parquet file with the columns of `tables.ts` (the
 * same schema as the DuckDB table), one row per key (the last record of each). The records
 * gather in a temporary DuckDB file (upserted: new keys are plain inserts), which spills to
 * disk beyond `memoryLimit`; on
 * completion one `COPY … (FORMAT parquet)` writes `path` (through `path.partial`, renamed when
 * whole) and the temporary file is removed. Backpressure as every sink. Emits `{ written }`.
 */
export function writeParquet<T extends object = Video>(
  path: string,
  options: WriteParquetOptions = {},
): OperatorFunction<T, { written: number }> {
  const kind = options.kind ?? 'videos';
  return batchSink<T, { written: number }>(
    `Parquet file ${path}`,
    async () => {
      const directory = await mkdtemp(join(options.tempDirectory ?? tmpdir(), 'tikrx-parquet-'));
      const store = await openDuckdb(join(directory, 'gather.duckdb'), {
        memoryLimit: options.memoryLimit ?? '160MB',

        ...(options.threads === undefined ? {} : { threads: options.threads }),
      });
      let closed = false;
      return {
        write: (batch) => store.write(kind, batch),
        async close(complete, written) {
          if (closed) return { written };
          closed = true;
          try {
            if (complete) await store.copyToParquet(kind, path);
          } finally {
            store.close();
            await rm(directory, { recursive: true, force: true });
          }
          return { written };
        },
      };
    },
    options,
  );
}

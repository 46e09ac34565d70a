import { open, rename, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import {
  markJsonColumns,
  parquetColumns,
  parquetSchema,
  type WriteStamp,
} from './parquet-columns.js';
import type { TableDefinition } from './tables.js';

/** A Parquet file written row group by row group: see {@link openParquetFile}. */
export interface ParquetFile {
  /** Encodes `records` as one row group and appends it to the file. */
  writeRowGroup(records: readonly object[], stamp: WriteStamp): Promise<void>;
  /** Writes the footer and renames the file into place. */
  finish(): Promise<void>;
  /** Removes the partial file (after a failure). */
  abort(): Promise<void>;
}

/**
 * Opens `path.partial` for a Parquet file of `table`'s columns, written by `hyparquet-writer`
 * one row group at a time: only the row group being encoded is in memory (and the footer's
 * metadata, a few hundred bytes a group). Encoding is JavaScript on the crawl's thread, so it
 * is kept cheap (measured with `sinks.bench.ts`): pages gzip-compressed at level 1 by Node's
 * native zlib (as fast as no compression here, and smaller than the writer's JavaScript
 * Snappy), min/max statistics for the columns readers filter on by range (numbers, times,
 * booleans), and no dictionary attempt on JSON columns (every value differs).
 */
export async function openParquetFile(path: string, table: TableDefinition): Promise<ParquetFile> {
  const partial = `${path}.partial`;
  const handle = await open(partial, 'w');
  const bytes = new ByteWriter(1 << 20);
  // The writer calls `flush` after each row group and waits for it: the group goes to disk,
  // and the buffer is reused for the next.
  const flush = async () => {
    if (bytes.index === 0) return;
    await handle.write(new Uint8Array(bytes.buffer, 0, bytes.index));
    bytes.index = 0;
  };
  const writer = new ParquetWriter({
    writer: Object.assign(bytes, { flush, finish: flush }),
    schema: parquetSchema(table),
    codec: 'GZIP',
    compressors: { GZIP: (input: Uint8Array) => gzipSync(input, { level: 1 }) },
    createdBy: 'tikrx',
  });
  const columnTypes = new Map(table.columns.map((column) => [column.name, column.type]));
  let closed = false;
  return {
    async writeRowGroup(records, stamp) {
      if (records.length === 0) return;
      const columnData = parquetColumns(table, records, stamp).map((column) => {
        const type = columnTypes.get(column.name);
        return {
          ...column,
          statistics: type !== 'text' && type !== 'text[]' && type !== 'json',
          ...(type === 'json' ? { encoding: 'PLAIN' as const } : {}),
        };
      });
      await writer.write({ columnData, rowGroupSize: records.length });
    },
    async finish() {
      markJsonColumns(writer.schema);
      await writer.finish();
      closed = true;
      await handle.close();
      await rename(partial, path);
    },
    async abort() {
      if (!closed) await handle.close().catch(() => {});
      closed = true;
      await rm(partial, { force: true });
    },
  };
}

import { createWriteStream } from 'node:fs';
import { open, readFile, stat, truncate } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { TikrxError } from '@tikrx/core';
import { createIdStore, type IdStore } from '@tikrx/operators';
import type { CheckpointFile } from './checkpoint-file.js';
import { csvHeaderLine, csvRowLine, idOfCsvCell, type OutputRecord } from './csv.js';

/** How records are written; `duckdb` and `parquet` need `--out`. */
export type OutputFormat = 'ndjson' | 'csv' | 'duckdb' | 'parquet';

/** How a crawl ended, for outputs that record it (the `crawl_runs` table). */
export type CrawlStatus = 'done' | 'failed' | 'interrupted';

/** The format `--out`'s extension names, if it names one. */
export function formatOfPath(path: string): OutputFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (extension === 'duckdb' || extension === 'ddb') return 'duckdb';
  if (extension === 'parquet') return 'parquet';
  if (extension === 'csv') return 'csv';
  if (extension === 'ndjson' || extension === 'jsonl') return 'ndjson';
  return undefined;
}

/**
 * The output format: `--format` when given, else `--out`'s extension, else NDJSON. A database
 * format needs a file, and `--format` must not contradict a database extension.
 */
export function resolveOutputFormat(
  format: OutputFormat | undefined,
  outPath?: string,
): OutputFormat {
  const byExtension = outPath === undefined ? undefined : formatOfPath(outPath);
  const chosen = format ?? byExtension ?? 'ndjson';
  if ((chosen === 'duckdb' || chosen === 'parquet') && outPath === undefined) {
    throw new TikrxError({ kind: 'bad_request', message: `--format ${chosen} needs --out FILE` });
  }
  const isDatabase = (value: OutputFormat | undefined) => value === 'duckdb' || value === 'parquet';
  if (
    format !== undefined &&
    byExtension !== undefined &&
    format !== byExtension &&
    (isDatabase(format) || isDatabase(byExtension))
  ) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--out ${outPath} is a ${byExtension} file, but --format is ${format}`,
    });
  }
  return chosen;
}

export interface OutputOptions {
  format: OutputFormat;
  /** `--out FILE`; stdout when absent. */
  outPath?: string;
  /** Continue an existing `--out` file (a checkpointed crawl) instead of replacing it. */
  continueFile: boolean;
  /** Keep each video's `raw` source record (NDJSON only). */
  includeRaw: boolean;
  /** Called for each record once it reached the OS (the summary counts these). */
  onRecordWritten?: () => void;
  /** The crawl, recorded with the run in a database output. */
  crawl?: string;
  /** CSV: start a new file with a UTF-8 byte order mark (spreadsheets then read UTF-8). */
  bom?: boolean;
  /** CSV: id columns as `="…"`, which spreadsheets keep as text (every digit). */
  textIds?: boolean;
}

/** Where records go: whole lines only, in order, with a way to know when they reached the file. */
export interface RecordOutput {
  /** Ids already in a continued `--out` file; the crawl skips them so no video is written twice. */
  readonly existingIds: Pick<IdStore, 'has' | 'size'>;
  /** Bytes of a half-written last record that were cut off a continued file. */
  readonly truncatedBytes: number;
  /** Hands a record to the stream; never throws. Ignored once the output failed or its reader left. */
  write(record: OutputRecord): void;
  /**
   * Resolves once every record written so far was handed to the OS: `true` when they all got
   * there, `false` when one did not (the output failed, or the reader of stdout went away).
   */
  flushed(): Promise<boolean>;
  /** True while the stream's buffer is full: a good time to stop asking for pages. */
  readonly congested: boolean;
  /** Resolves when the buffer drained, or when it never will (the output failed or closed). */
  drained(): Promise<void>;
  /** Called once if the reader of stdout goes away (`| head`): the crawl should stop quietly. */
  onReaderGone(listener: () => void): void;
  /** Called once if writing fails (a full disk, an I/O error): the crawl should stop and fail. */
  onFailure(listener: (error: TikrxError) => void): void;
  /**
   * Flushes and closes a file; stdout is flushed and left open. Rejects if the output failed.
   * `status` is how the crawl ended (default `done`), for a database's `crawl_runs` row.
   */
  close(status?: CrawlStatus): Promise<void>;
  /** What a database output records with the run besides status and records. */
  setRunSummary?(summary: { requests?: number; gaps?: readonly unknown[] }): void;
  /**
   * A database output: stores `checkpoint` in the database, committed in the same transaction
   * as the records written until now (`--checkpoint` naming the `--out` database). Resolves
   * once committed, or without saving when the output failed.
   */
  saveCheckpoint?(checkpoint: CheckpointFile): Promise<void>;
}

export async function openOutput(options: OutputOptions): Promise<RecordOutput> {
  const { format, outPath } = options;
  if (format === 'duckdb' || format === 'parquet') {
    // DuckDB (a native module) is loaded only for a database output.
    const { openDatabaseOutput } = await import('./database-output.js');
    return openDatabaseOutput({
      format,
      outPath: outPath!,
      continueFile: options.continueFile,
      includeRaw: options.includeRaw,
      crawl: options.crawl ?? 'tikrx',
      ...(options.onRecordWritten === undefined
        ? {}
        : { onRecordWritten: options.onRecordWritten }),
    });
  }
  let existingIds = createIdStore();
  let truncatedBytes = 0;
  let needsHeader = format === 'csv';
  let stream: Writable;

  if (outPath === undefined) {
    stream = process.stdout;
  } else {
    if (options.continueFile) {
      const existing = await readExistingOutput(outPath, format);
      existingIds = existing.ids;
      truncatedBytes = existing.truncatedBytes;
      if (existing.hasHeader) needsHeader = false;
    }
    stream = await openFileStream(outPath, options.continueFile ? 'a' : 'w');
  }

  // Whether the last write reached the OS; writes complete in order, so it speaks for all before it.
  let lastWrite: Promise<boolean> = Promise.resolve(true);
  let failure: TikrxError | undefined;
  let readerGone = false;
  const readerGoneListeners: Array<() => void> = [];
  const failureListeners: Array<(error: TikrxError) => void> = [];
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      if (readerGone) return;
      readerGone = true;
      for (const listener of readerGoneListeners.splice(0)) listener();
    } else if (failure === undefined) {
      failure = outputError(outPath, error);
      for (const listener of failureListeners.splice(0)) listener(failure);
    }
  });
  const writeText = (text: string, onWritten?: () => void): void => {
    if (failure !== undefined || readerGone) return;
    lastWrite = new Promise((resolve) => {
      stream.write(text, (error) => {
        if (!error) onWritten?.();
        resolve(!error);
      });
    });
  };

  if (needsHeader) writeText((options.bom === true ? '\uFEFF' : '') + csvHeaderLine());
  const serialize =
    format === 'csv'
      ? (record: OutputRecord) => csvRowLine(record, options.textIds === true)
      : (record: OutputRecord) =>
          JSON.stringify(options.includeRaw ? record : withoutRaw(record)) + '\n';

  // The records handed over in one go (a page's videos come together) leave as one write: on a
  // pipe each write is a system call, and a write per video cost more than making the line.
  let batch = '';
  let batchRecords = 0;
  const onRecordsWritten = (records: number): void => {
    for (let i = 0; i < records; i++) options.onRecordWritten?.();
  };
  const writeBatch = (): void => {
    if (batch === '') return;
    const records = batchRecords;
    writeText(batch, () => onRecordsWritten(records));
    batch = '';
    batchRecords = 0;
  };
  const flushed = (): Promise<boolean> => {
    writeBatch();
    return lastWrite;
  };
  // One wait for every request held while the buffer is full (a listener each was a leak warning).
  let drain: Promise<void> | undefined;

  return {
    existingIds,
    truncatedBytes,
    write: (record) => {
      if (failure !== undefined || readerGone) return;
      const line = serialize(record);
      if (batch === '') queueMicrotask(writeBatch);
      batch += line;
      batchRecords++;
    },
    flushed,
    onReaderGone: (listener) => {
      if (readerGone) listener();
      else readerGoneListeners.push(listener);
    },
    onFailure: (listener) => {
      if (failure !== undefined) listener(failure);
      else failureListeners.push(listener);
    },
    get congested() {
      writeBatch();
      return stream.writableNeedDrain && failure === undefined && !readerGone;
    },
    drained: () => {
      writeBatch();
      if (!stream.writableNeedDrain || stream.destroyed || readerGone) return Promise.resolve();
      drain ??= new Promise((resolve) => {
        // A failed stream never drains: it is destroyed, and says 'close'.
        const done = (): void => {
          stream.off('drain', done);
          stream.off('close', done);
          drain = undefined;
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      });
      return drain;
    },
    close: async () => {
      await flushed();
      if (stream !== process.stdout && !stream.destroyed) {
        await new Promise<void>((resolve) => stream.end(() => resolve()));
      }
      if (failure !== undefined) throw failure;
    },
  };
}

function withoutRaw(record: OutputRecord): OutputRecord {
  if (!('raw' in record)) return record;
  const { raw: _raw, ...rest } = record;
  return rest;
}

async function openFileStream(path: string, flags: 'a' | 'w'): Promise<Writable> {
  // Open first, so a bad path is reported before any request is sent.
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, flags);
  } catch (error) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `Cannot open --out ${path}: ${(error as Error).message}`,
    });
  }
  // The stream owns the handle from here, and closes it on end.
  return createWriteStream(path, { fd: handle, flags });
}

/**
 * Reads what an earlier run of the same crawl wrote: the ids, and where the last complete
 * record ends. A run killed mid-write can leave half a line; it is cut off before appending.
 */
async function readExistingOutput(
  path: string,
  format: 'ndjson' | 'csv',
): Promise<{ ids: IdStore; truncatedBytes: number; hasHeader: boolean }> {
  const nothing = { ids: createIdStore(), truncatedBytes: 0, hasHeader: false };
  let text: string;
  try {
    // A device or a pipe (`/dev/stdout`, `/dev/null`) holds no earlier output to continue.
    if (!(await stat(path)).isFile()) return nothing;
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return nothing;
    throw new TikrxError({
      kind: 'bad_request',
      message: `Cannot read --out ${path} to continue it: ${(error as Error).message}`,
    });
  }
  // Compact: a crawl of millions of videos keeps millions of ids (see createIdStore).
  const ids = createIdStore();
  let completeLength: number;
  let hasHeader = false;
  if (format === 'csv') {
    // csv-parse is loaded only to continue a CSV file.
    const { readCsvRecords } = await import('./csv-records.js');
    const parsed = readCsvRecords(text);
    completeLength = parsed.completeLength;
    hasHeader = parsed.records.length > 0;
    for (const record of parsed.records.slice(1)) {
      if (record[0]) ids.add(idOfCsvCell(record[0]));
    }
  } else {
    completeLength = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(0, completeLength).split('\n')) {
      const id = line === '' ? undefined : idOfLine(line, path);
      if (id !== undefined) ids.add(id);
    }
  }
  const completeBytes = Buffer.byteLength(text.slice(0, completeLength));
  const totalBytes = Buffer.byteLength(text);
  if (completeBytes < totalBytes) await truncate(path, completeBytes);
  return { ids, truncatedBytes: totalBytes - completeBytes, hasHeader };
}

function idOfLine(line: string, path: string): string | undefined {
  try {
    // Profiles and follower entries are known by their username (see keyOfRecord).
    const record = JSON.parse(line) as { id?: unknown; username?: unknown };
    const id = record.id ?? record.username;
    return typeof id === 'string' ? id : undefined;
  } catch {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--out ${path} holds a line that is not JSON; it is not the output of this crawl`,
    });
  }
}

/** A write that failed mid-crawl (a full disk, an I/O error): the crawl stops and fails (exit 1). */
function outputError(path: string | undefined, error: NodeJS.ErrnoException): TikrxError {
  return new TikrxError({
    kind: 'invalid_response',
    message: `Cannot write ${path === undefined ? 'stdout' : `--out ${path}`}: ${error.message}`,
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    retryable: false,
    cause: error,
  });
}

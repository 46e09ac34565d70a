import { createWriteStream } from 'node:fs';
import { open, readFile, truncate } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { TikrxError } from '@tikrx/core';
import { createIdStore, type IdStore } from '@tikrx/operators';
import { csvHeaderLine, csvRowLine, type OutputRecord, readCsvRecords } from './csv.js';

export type OutputFormat = 'ndjson' | 'csv';

export interface OutputOptions {
  format: OutputFormat;
  /** `--out FILE`; stdout when absent. */
  outPath?: string;
  /** Continue an existing `--out` file (a checkpointed crawl) instead of replacing it. */
  continueFile: boolean;
  /** Keep each video's `raw` source record (NDJSON only). */
  includeRaw: boolean;
}

/** Where records go: whole lines only, in order, with a way to know when they reached the file. */
export interface RecordOutput {
  /** Ids already in a continued `--out` file; the crawl skips them so no video is written twice. */
  readonly existingIds: Pick<IdStore, 'has' | 'size'>;
  /** Bytes of a half-written last record that were cut off a continued file. */
  readonly truncatedBytes: number;
  write(record: OutputRecord): void;
  /** Resolves when every record written so far has been handed to the OS. */
  flushed(): Promise<void>;
  /** True while the stream's buffer is full: a good time to stop asking for pages. */
  readonly congested: boolean;
  drained(): Promise<void>;
  /** Called once if the reader of stdout goes away (`| head`): the crawl should stop quietly. */
  onReaderGone(listener: () => void): void;
  /** Flushes and closes a file; stdout is flushed and left open. */
  close(): Promise<void>;
}

export async function openOutput(options: OutputOptions): Promise<RecordOutput> {
  const { format, outPath } = options;
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

  let lastWrite: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let readerGone = false;
  const readerGoneListeners: Array<() => void> = [];
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      readerGone = true;
      for (const listener of readerGoneListeners.splice(0)) listener();
    } else {
      failure = error;
    }
  });
  const writeText = (text: string): void => {
    if (failure) throw outputError(outPath, failure);
    if (readerGone) return;
    lastWrite = new Promise((resolve) => stream.write(text, () => resolve()));
  };

  if (needsHeader) writeText(csvHeaderLine());
  const serialize =
    format === 'csv'
      ? csvRowLine
      : (record: OutputRecord) =>
          JSON.stringify(options.includeRaw ? record : withoutRaw(record)) + '\n';

  return {
    existingIds,
    truncatedBytes,
    write: (record) => writeText(serialize(record)),
    flushed: async () => {
      await lastWrite;
      if (failure) throw outputError(outPath, failure);
    },
    onReaderGone: (listener) => {
      if (readerGone) listener();
      else readerGoneListeners.push(listener);
    },
    get congested() {
      return stream.writableNeedDrain;
    },
    drained: () =>
      stream.writableNeedDrain && !readerGone
        ? new Promise((resolve) => stream.once('drain', () => resolve()))
        : Promise.resolve(),
    close: async () => {
      await lastWrite;
      if (stream !== process.stdout) {
        await new Promise<void>((resolve) => stream.end(() => resolve()));
      }
      if (failure) throw outputError(outPath, failure);
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
  format: OutputFormat,
): Promise<{ ids: IdStore; truncatedBytes: number; hasHeader: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ids: createIdStore(), truncatedBytes: 0, hasHeader: false };
    }
    throw outputError(path, error as Error);
  }
  // Compact: a crawl of millions of videos keeps millions of ids (see createIdStore).
  const ids = createIdStore();
  let completeLength: number;
  let hasHeader = false;
  if (format === 'csv') {
    const parsed = readCsvRecords(text);
    completeLength = parsed.completeLength;
    hasHeader = parsed.records.length > 0;
    for (const record of parsed.records.slice(1)) {
      if (record[0]) ids.add(record[0]);
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
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--out ${path} holds a line that is not JSON; it is not the output of this crawl`,
    });
  }
}

function outputError(path: string | undefined, error: Error): TikrxError {
  return new TikrxError({
    kind: 'invalid_response',
    message: `Cannot write ${path === undefined ? 'stdout' : `--out ${path}`}: ${error.message}`,
    retryable: false,
  });
}

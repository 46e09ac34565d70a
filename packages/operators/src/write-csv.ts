import type { Writable } from 'node:stream';
import type { Video } from '@tikrx/core';
import type { OperatorFunction } from 'rxjs';
import { CSV_COLUMNS, csvHeader, videoToCsvRow } from './csv.js';
import { type WriteLinesOptions, type WriteResult, writeLines } from './write-lines.js';

/** Options of `writeCsv`: the columns, whether to write a header, and the options of every line sink. */
export interface WriteCsvOptions extends WriteLinesOptions {
  /** Dotted paths, in order. Default: `CSV_COLUMNS` (add `'sources'` for merged videos). */
  columns?: readonly string[];
  /** Write the header line first. Default true. */
  header?: boolean;
  /** Begin with a UTF-8 byte order mark, so spreadsheets read the file as UTF-8. Default false. */
  bom?: boolean;
  /** Id columns as `="…"`, text to a spreadsheet (see `videoToCsvRow`). Default false. */
  textIds?: boolean;
}

/**
 * Writes a header and one RFC 4180 line (CRLF-terminated) per video to `writable`, waiting for
 * `drain` when it is full. Nested fields are flattened to dotted columns, arrays joined with
 * `|`, absent fields left empty. Emits `{ written }` once when done.
 */
export function writeCsv<T extends object = Video>(
  writable: Writable,
  options: WriteCsvOptions = {},
): OperatorFunction<T, WriteResult> {
  const columns = options.columns ?? CSV_COLUMNS;
  const { columns: _columns, header, bom, textIds, ...lineOptions } = options;
  const rowOptions = textIds === true ? { textIds } : {};
  const start = `${bom === true ? '\uFEFF' : ''}${header === false ? '' : `${csvHeader(columns)}\r\n`}`;
  return writeLines(writable, (video: T) => `${videoToCsvRow(video, columns, rowOptions)}\r\n`, {
    ...lineOptions,
    ...(start === '' ? {} : { header: start }),
  });
}

import type { Comment, Playlist, UserProfile, UserRef, Video } from '@tikrx/core';
import { CSV_COLUMNS, csvHeader, videoToCsvRow } from '@tikrx/operators';
import { parse } from 'csv-parse/sync';

/** A record the CLI writes: a video (for `merge` with the sources that returned it), or a Research comment, profile, follower entry or playlist. */
export type OutputRecord =
  | (Video & { sources?: readonly string[] })
  | Comment
  | UserProfile
  | UserRef
  | Playlist;

/** A record's identity in the output: its id, or for profiles and follower entries its username. */
export function keyOfRecord(record: OutputRecord): string {
  return 'id' in record ? record.id : record.username;
}

/**
 * The columns of `writeCsv` in `@tikrx/operators`, with `sources` after `source` so merged
 * records say where they came from (empty for the single-source commands).
 * (The CLI writes rows itself, not through `writeCsv`, because it must know when each row
 * reached the file before it writes a checkpoint; the cells are the operators' own.)
 */
export const OUTPUT_CSV_COLUMNS: readonly string[] = CSV_COLUMNS.flatMap((column) =>
  column === 'source' ? [column, 'sources'] : [column],
);

export function csvHeaderLine(): string {
  return `${csvHeader(OUTPUT_CSV_COLUMNS)}\r\n`;
}

/** Only videos are written as CSV (the commands of other records offer NDJSON only). */
export function csvRowLine(record: OutputRecord, textIds = false): string {
  return `${videoToCsvRow(record as Video, OUTPUT_CSV_COLUMNS, textIds ? { textIds } : {})}\r\n`;
}

/** An id cell as written by `csvRowLine`, with or without `textIds` (`="7301…"`). */
export function idOfCsvCell(cell: string): string {
  return /^="(.*)"$/.exec(cell)?.[1] ?? cell;
}

/**
 * Splits CSV text into complete records (csv-parse: RFC 4180, quote-aware, so a description may
 * hold a newline). `completeLength` is where the last complete record ends: a crash can leave
 * half a row after it, which is not a record even when it parses (it has no line end yet).
 */
export function readCsvRecords(text: string): { records: string[][]; completeLength: number } {
  const bytes = Buffer.from(text, 'utf8');
  const records: string[][] = [];
  let completeBytes = 0;
  try {
    parse(bytes, {
      relax_column_count: true,
      on_record: (record: string[], context: { bytes: number }) => {
        // `bytes` counts through the record's line end; a last row without one is half-written.
        if (bytes[context.bytes - 1] !== LINE_FEED) return null;
        records.push(record);
        completeBytes = context.bytes;
        return null;
      },
    });
  } catch (error) {
    // A half-written row that stops inside quotes: everything before it stands.
    if ((error as { code?: string }).code !== 'CSV_QUOTE_NOT_CLOSED') throw error;
  }
  return { records, completeLength: bytes.subarray(0, completeBytes).toString('utf8').length };
}

const LINE_FEED = 0x0a;

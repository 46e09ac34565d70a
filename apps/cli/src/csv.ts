import type { Comment, Playlist, UserProfile, UserRef, Video } from '@tikrx/core';
import { CSV_COLUMNS, csvHeader, videoToCsvRow } from '@tikrx/operators';

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

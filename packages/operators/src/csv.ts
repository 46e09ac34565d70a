import type { Video } from '@tikrx/core';

/**
 * The CSV columns of a `Video`, nested fields flattened with a dot (`stats.views`,
 * `media.downloadUrl`). `raw` is left out: it is the API's record, not a table cell.
 */
export const CSV_COLUMNS = [
  'id',
  'source',
  'createTime',
  'username',
  'description',
  'title',
  'url',
  'coverImageUrl',
  'embedUrl',
  'embedHtml',
  'durationSec',
  'width',
  'height',
  'regionCode',
  'musicId',
  'hashtags',
  'effectIds',
  'mentions',
  'playlistId',
  'voiceToText',
  'isStemVerified',
  'pinned',
  'isAd',
  'stats.views',
  'stats.likes',
  'stats.comments',
  'stats.shares',
  'stats.saves',
  'media.downloadUrl',
  'media.downloadUrlNoWatermark',
] as const;

/** Arrays (hashtags, mentions, `sources`) become one cell, their items joined by this. */
export const CSV_ARRAY_SEPARATOR = '|';

const NEEDS_QUOTES = /[",\r\n]/;

/** One field per RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The cell text of a value: absent → empty, arrays joined by `|`, objects as JSON. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => csvCell(item)).join(CSV_ARRAY_SEPARATOR);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The value at a dotted path (`stats.views`). */
export function valueAtPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The columns holding int64 ids: a spreadsheet that types them as numbers loses digits. */
export const CSV_ID_COLUMNS: readonly string[] = ['id', 'musicId', 'playlistId'];

/** Options of {@link videoToCsvRow}. */
export interface CsvRowOptions {
  /**
   * Write the id columns (`CSV_ID_COLUMNS`) as `="7301…"`, which Excel and LibreOffice read as
   * text, so a 19-digit id keeps every digit. Other CSV readers then see the formula.
   */
  textIds?: boolean;
}

/** The header line (no line ending). */
export function csvHeader(columns: readonly string[] = CSV_COLUMNS): string {
  return columns.map(csvField).join(',');
}

/** One video as a CSV line (no line ending), cells in `columns` order. */
export function videoToCsvRow(
  video: Video | object,
  columns: readonly string[] = CSV_COLUMNS,
  options: CsvRowOptions = {},
): string {
  return columns
    .map((column) => {
      const cell = csvCell(valueAtPath(video, column));
      const text =
        options.textIds === true && cell !== '' && CSV_ID_COLUMNS.includes(column)
          ? `="${cell}"`
          : cell;
      return csvField(text);
    })
    .join(',');
}

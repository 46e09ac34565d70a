import type { Video } from '@tikrx/core';

/** A record the CLI writes: a video, and for `merge` the sources that returned it. */
export type OutputRecord = Video & { sources?: readonly string[] };

/**
 * The CSV columns of `writeCsv` in `@tikrx/operators` (nested fields flattened with a dot,
 * `raw` left out), with `sources` after `source` so merged records say where they came from.
 * The same cells too: arrays joined with `|`, absent fields empty, CRLF line ends.
 * (The CLI writes rows itself, not through `writeCsv`, because it must know when each row
 * reached the file before it writes a checkpoint; operators does not export its row helpers.)
 */
export const CSV_COLUMNS = [
  'id',
  'source',
  'sources',
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

export const CSV_ARRAY_SEPARATOR = '|';

export function csvHeaderLine(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRowLine(record: OutputRecord): string {
  return `${CSV_COLUMNS.map((column) => csvField(csvCell(valueAt(record, column)))).join(',')}\r\n`;
}

function valueAt(record: object, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(csvCell).join(CSV_ARRAY_SEPARATOR);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Splits CSV text into complete records, quote-aware (a description may hold a newline).
 * `completeLength` is where the last complete record ends: a crash can leave half a row after it.
 */
export function readCsvRecords(text: string): { records: string[][]; completeLength: number } {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let completeLength = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n') {
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      records.push(fields);
      fields = [];
      field = '';
      completeLength = i + 1;
    } else {
      field += char;
    }
  }
  return { records, completeLength };
}

import { parse } from 'csv-parse/sync';

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

/**
 * JSON.parse that keeps every digit of integers beyond 2^53: the Research API sends video,
 * music and playlist ids as bare int64 numbers, and plain `JSON.parse` silently rounds them
 * (7320768196569599275 → 7320768196569599000).
 *
 * Every object member whose value is an integer literal of 16 or more digits becomes a
 * decimal string (`"id":7320768196569599275` → `"id":"7320768196569599275"`). One native
 * regex pass does it before the native parse, which keeps throughput near bare `JSON.parse`
 * (see `pnpm bench`). Why this is exact:
 * - The fast pass quotes digits after any `":`. When that `"` closes a key, the quoting
 *   is what we want. When it does not (an escaped quote inside a string, or the opening quote
 *   of a string that starts with `:` and digits, as a video description may), the inserted
 *   quotes end that string early and leave a bare number right after it: two adjacent values,
 *   which `JSON.parse` always rejects. So the fast pass never yields a wrong value; on a
 *   syntax error we redo the quoting with a pass that skips string literals whole (slower,
 *   callback per string), and a body that still fails was not JSON.
 * - The lookahead demands a delimiter after the digits, so fractions and exponents are left
 *   as numbers.
 * - A key must be followed by its colon directly (`"id":` or `"id": `, as every compact or
 *   common pretty-printed JSON is); `"id" : 1…` is not seen by the fast pass. Checking for it
 *   would cost a fifth of the throughput, and `idString` still refuses the rounded number.
 * - 16-digit integers are quoted even when safe; ids are strings in tikrx anyway, and no count
 *   the APIs send reaches 10^15.
 * Integers inside arrays are not rewritten (no API here sends int64s in arrays); should one
 * appear where an id is read, `idString` refuses the rounded number instead of keeping it.
 */
export function parseJsonLossless(text: string): unknown {
  const quoted = quoteLongIntegerMembers(text);
  try {
    return JSON.parse(quoted);
  } catch (error) {
    // Nothing was quoted: the text itself is not JSON.
    if (quoted === text) throw error;
    return JSON.parse(quoteLongIntegerMembersSkippingStrings(text));
  }
}

const LONG_INTEGER_MEMBER = /":(\s*)(-?\d{16,})(?=[,}\]\s])/g;

/**
 * `text` with every 16+ digit integer member value wrapped in quotes. Fast and exact on valid
 * JSON, except that text inside a string literal may be rewritten too (`":` then digits at the
 * start of a string); the result then fails `JSON.parse` instead of changing a value, and
 * `parseJsonLossless` falls back to a pass that skips strings.
 */
export function quoteLongIntegerMembers(text: string): string {
  return text.replace(LONG_INTEGER_MEMBER, '":$1"$2"');
}

/** Whole string literals, or a member colon (outside any string) followed by a long integer. */
const STRING_OR_LONG_INTEGER_MEMBER =
  /"[^"\\]*(?:\\[\s\S][^"\\]*)*"|(:\s*)(-?\d{16,})(?=[,}\]\s])/g;

function quoteLongIntegerMembersSkippingStrings(text: string): string {
  return text.replace(
    STRING_OR_LONG_INTEGER_MEMBER,
    (match: string, colon: string | undefined, digits: string | undefined) =>
      digits === undefined ? match : `${colon}"${digits}"`,
  );
}

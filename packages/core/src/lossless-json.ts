/**
 * JSON.parse that keeps every digit of integers beyond 2^53: the Research API sends video,
 * music and playlist ids as bare int64 numbers, and plain `JSON.parse` silently rounds them
 * (7320768196569599275 → 7320768196569599000).
 *
 * Every object member whose value is an integer literal of 16 or more digits becomes a
 * decimal string (`"id":7320768196569599275` → `"id":"7320768196569599275"`). One quick scan
 * does it before the native parse, which keeps throughput near bare `JSON.parse` (see
 * `pnpm bench`). Why this is exact:
 * - The fast pass quotes digits after any `":`. When that `"` closes a key, the quoting
 *   is what we want. When it does not (an escaped quote inside a string, or the opening quote
 *   of a string that starts with `:` and digits, as a video description may), the inserted
 *   quotes end that string early and leave a bare number right after it: two adjacent values,
 *   which `JSON.parse` always rejects. So the fast pass never yields a wrong value; on a
 *   syntax error we redo the quoting with a pass that skips string literals whole (slower,
 *   callback per string), and a body that still fails was not JSON.
 * - A delimiter (`,` `}` `]` whitespace) must follow the digits, so fractions and exponents
 *   are left as numbers.
 * - A key must be followed by its colon directly (`"id":` or `"id": `, as every compact or
 *   common pretty-printed JSON is); `"id" : 1…` is not seen by the fast pass (looking behind
 *   every number for it would cost throughput), and `idString` still refuses the rounded number.
 * - 16-digit integers are quoted even when safe; ids are strings in tikrx anyway, and no count
 *   the APIs send reaches 10^15.
 * - Elements of arrays are quoted the same way (after `[` or `,`): the playlist endpoint sends
 *   its video ids as an array of int64s. Outside strings a `,` before a number only ever
 *   separates array elements (object members start with a key); inside a string the quoting
 *   leaves a number right after a string, which `JSON.parse` rejects, as above.
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

/**
 * `text` with every 16+ digit integer member value wrapped in quotes. Fast and exact on valid
 * JSON, except that text inside a string literal may be rewritten too (`":` then digits at the
 * start of a string); the result then fails `JSON.parse` instead of changing a value, and
 * `parseJsonLossless` falls back to a pass that skips strings.
 *
 * Written as a scan rather than a regex (`/":(\s*)(-?\d{16,})(?=[,}\]\s])/g`, same result):
 * a run of 16+ digits always covers one position of any stride of 16, so only every 16th
 * character is read until a digit turns up, and only then is its run measured. On a Research
 * page that is a fraction of the cost of the regex, which visits every `":`.
 */
export function quoteLongIntegerMembers(text: string): string {
  // A cons string (`+=`): cheaper here than joining an array, and JSON.parse flattens it anyway.
  let out = '';
  let copied = 0;
  const length = text.length;
  for (let i = 15; i < length; i += 16) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    // Resume the stride after the run (the loop adds 16).
    i = end;
    if (end - start < 16 || !isValueEnd(text.charCodeAt(end))) continue;
    let before = start - 1;
    if (text.charCodeAt(before) === MINUS) before--;
    const numberStart = before + 1;
    while (isJsonWhitespace(text.charCodeAt(before))) before--;
    const precedes = text.charCodeAt(before);
    const isMember = precedes === COLON && text.charCodeAt(before - 1) === QUOTE;
    if (!isMember && precedes !== OPEN_BRACKET && precedes !== COMMA) continue;
    out += `${text.slice(copied, numberStart)}"${text.slice(numberStart, end)}"`;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const MINUS = 0x2d;
const COLON = 0x3a;
const QUOTE = 0x22;
const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** What may follow a number that is a whole member value: `,` `}` `]` or whitespace. */
function isValueEnd(code: number): boolean {
  return code === 0x2c || code === 0x7d || code === 0x5d || isJsonWhitespace(code);
}

/**
 * Whole string literals, or a member colon or array delimiter (outside any string) followed by
 * a long integer.
 */
const STRING_OR_LONG_INTEGER_MEMBER =
  /"[^"\\]*(?:\\[\s\S][^"\\]*)*"|([:[,]\s*)(-?\d{16,})(?=[,}\]\s])/g;

function quoteLongIntegerMembersSkippingStrings(text: string): string {
  return text.replace(
    STRING_OR_LONG_INTEGER_MEMBER,
    (match: string, colon: string | undefined, digits: string | undefined) =>
      digits === undefined ? match : `${colon}"${digits}"`,
  );
}

/** Marks a bigint while `JSON.stringify` runs; a NUL never survives stringify unescaped. */
const BIGINT_MARK = '\u0000bigint:';
const MARKED_BIGINT = /"\\u0000bigint:(-?\d+)"/g;

/**
 * `JSON.stringify` that writes `bigint` values as bare JSON numbers, every digit kept: the
 * Research API takes int64 ids (`video_id`, `playlist_id`) as numbers in request bodies.
 */
export function stringifyJsonLossless(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member !== 'bigint') return member;
    marked = true;
    return `${BIGINT_MARK}${member}`;
  });
  return marked ? text.replace(MARKED_BIGINT, '$1') : text;
}

/**
 * JSON written straight into bytes, for the pages that have to be cheap: a Research page of 100
 * videos is ~60 KiB, and building it as strings (template literals, JSON.stringify, then UTF-8
 * encoding on the socket) cost most of the simulator's time. Here every fixed piece is encoded
 * once, numbers are written digit by digit, and the page leaves as one Buffer.
 */

const DIGIT_0 = 0x30;
const TWO_POW_31 = 2 ** 31;
/** "00" to "99" as little-endian 16-bit words: numbers are written two digits at a time. */
const DIGIT_PAIRS = Uint16Array.from(
  { length: 100 },
  (_, n) => (DIGIT_0 + Math.floor(n / 10)) | ((DIGIT_0 + (n % 10)) << 8),
);

/**
 * Bytes encoded beforehand, for {@link JsonBytes.raw}: the byte count, then the bytes as
 * little-endian 32-bit words (the last one padded), so they are copied a word at a time.
 */
export type JsonChunk = Int32Array;

/** The UTF-8 bytes of `text` as a {@link JsonChunk}. */
export function jsonChunk(text: string): JsonChunk {
  const bytes = Buffer.from(text, 'utf8');
  const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
  bytes.copy(padded);
  const chunk = new Int32Array(1 + padded.length / 4);
  chunk[0] = bytes.length;
  for (let word = 1; word < chunk.length; word++) chunk[word] = padded.readInt32LE((word - 1) * 4);
  return chunk;
}

/** Bytes a slab holds: ~16 Research pages of 100 videos. */
const SLAB_BYTES = 1 << 20;
/** Slabs kept for reuse once every text on them is released. */
const SPARE_SLABS = 2;

/** Memory for texts, and how many texts on it are still out (handed out, not released). */
interface Slab {
  bytes: Uint8Array;
  /** The same memory, for writing 32-bit words at any offset. */
  words: DataView;
  textsOut: number;
}

/** Not zeroed (every byte handed out is written first), not pooled. */
function newSlab(size: number): Slab {
  const memory = Buffer.allocUnsafeSlow(size);
  const bytes = new Uint8Array(memory.buffer, memory.byteOffset, size);
  return { bytes, words: new DataView(bytes.buffer, bytes.byteOffset, size), textsOut: 0 };
}

/** A finished text. */
export interface JsonText {
  /** Its bytes: a view of the slab, no copy. */
  bytes: Buffer;
  /**
   * Says the bytes are no longer needed (the socket has them), so their memory can be
   * written again. Idempotent. A text never released only keeps its slab from being reused.
   */
  release: () => void;
}

/**
 * JSON texts written into slabs of memory and handed out as Buffer views (no copy). A page
 * may still be on its way to the socket while the next one is written, so a text goes after
 * the last one; a slab whose texts are all released is written again from its start, and a
 * full one is swapped for a spare or a new one. Reusing the memory, rather than taking fresh
 * memory for every page, spares the page faults and the garbage collections it costs; memory
 * stays flat: the slab being written, those with texts still out, and SPARE_SLABS spares.
 */
export class JsonBytes {
  private slab = newSlab(SLAB_BYTES);
  // The slab's memory, also held here: the writers below read these on every call.
  private bytes = this.slab.bytes;
  private words = this.slab.words;
  private readonly spares: Slab[] = [];
  /** Where the text being written starts in `bytes`. */
  private start = 0;
  /** Where its next byte goes. */
  private end = 0;

  /** Bytes of the text so far. */
  get length(): number {
    return this.end - this.start;
  }

  /** Starts a new text: at the slab's start when no text on it is out, else after the last. */
  begin(): void {
    if (this.slab.textsOut === 0) this.end = 0;
    this.start = this.end;
  }

  /** Moves the text so far to a slab with `extra` more bytes of room (kept out of the writers). */
  private grow(extra: number): void {
    const written = this.end - this.start;
    const size = Math.max(SLAB_BYTES, (written + extra) * 2);
    const spare = this.spares.pop();
    const slab = spare !== undefined && spare.bytes.length >= size ? spare : newSlab(size);
    slab.bytes.set(this.bytes.subarray(this.start, this.end));
    const previous = this.slab;
    this.slab = slab;
    this.bytes = slab.bytes;
    this.words = slab.words;
    this.start = 0;
    this.end = written;
    this.keep(previous);
  }

  /** Keeps a slab that is no longer written, when nothing on it is out, as a spare. */
  private keep(slab: Slab): void {
    if (slab !== this.slab && slab.textsOut === 0 && this.spares.length < SPARE_SLABS) {
      this.spares.push(slab);
    }
  }

  byte(value: number): void {
    if (this.end === this.bytes.length) this.grow(1);
    this.bytes[this.end++] = value;
  }

  /** Overwrites a byte of the text (at `length` as it was): a leading comma that opens an object. */
  replaceByte(at: number, value: number): void {
    this.bytes[this.start + at] = value;
  }

  /**
   * Bytes encoded beforehand. Copied a whole word at a time (about twice as fast as a byte
   * loop or TypedArray#set for pieces this small), so up to 3 bytes past the end get written
   * too: they are past `length`, and the next write overwrites them.
   */
  raw(chunk: JsonChunk): void {
    const wordCount = chunk.length - 1;
    let at = this.end;
    if (at + wordCount * 4 > this.bytes.length) {
      this.grow(wordCount * 4);
      at = this.end;
    }
    const words = this.words;
    for (let word = 1; word <= wordCount; word++) {
      words.setInt32(at, chunk[word]!, true);
      at += 4;
    }
    this.end += chunk[0]!;
  }

  /** Longer bytes encoded beforehand (a hundred or more): one memory copy. */
  rawBytes(source: Uint8Array): void {
    if (this.end + source.length > this.bytes.length) this.grow(source.length);
    this.bytes.set(source, this.end);
    this.end += source.length;
  }

  /**
   * A string of ASCII characters that need no JSON escaping (digits, letters, `._-`): ids,
   * usernames, region codes. Anything else would come out wrong, so only such strings get here.
   */
  ascii(text: string): void {
    const count = text.length;
    if (this.end + count > this.bytes.length) this.grow(count);
    const bytes = this.bytes;
    const at = this.end;
    for (let k = 0; k < count; k++) bytes[at + k] = text.charCodeAt(k);
    this.end = at + count;
  }

  /** A non-negative safe integer, as JSON (and `String(value)`) writes it. */
  uint(value: number): void {
    let digits = 1;
    for (let bound = 10; value >= bound; bound *= 10) digits++;
    this.digits(value, digits);
  }

  /** A non-negative safe integer in exactly `digits` digits, zero-padded on the left. */
  digits(value: number, digits: number): void {
    if (this.end + digits > this.bytes.length) this.grow(digits);
    const bytes = this.bytes;
    const start = this.end;
    let at = start + digits;
    this.end = at;
    let rest = value;
    // Integer division stays in int32 below 2^31, much cheaper than a float division.
    while (rest >= TWO_POW_31 && at > start) {
      const quotient = Math.floor(rest / 10);
      bytes[--at] = DIGIT_0 + (rest - quotient * 10);
      rest = quotient;
    }
    let small = rest | 0;
    const words = this.words;
    while (at - start >= 2) {
      const quotient = (small / 100) | 0;
      at -= 2;
      words.setUint16(at, DIGIT_PAIRS[small - quotient * 100]!, true);
      small = quotient;
    }
    if (at > start) bytes[start] = DIGIT_0 + (small % 10);
  }

  /** `high * 2^32 + low` in decimal, without BigInt (see {@link int64Decimal}). */
  uint64(high: number, low: number): void {
    if (high === 0) {
      this.uint(low);
      return;
    }
    const { top, last5 } = splitInt64(high, low);
    // top < 2^48: its last nine digits and the rest each fit an int32 (cheap divisions).
    const upper = Math.floor(top / 1e9);
    if (upper > 0) {
      this.uint(upper);
      this.digits(top - upper * 1e9, 9);
    } else {
      this.uint(top);
    }
    this.digits(last5, 5);
  }

  /** The text written since `begin()`. */
  finish(): JsonText {
    const slab = this.slab;
    const bytes = Buffer.from(slab.bytes.buffer, slab.bytes.byteOffset + this.start, this.length);
    this.start = this.end;
    slab.textsOut++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      slab.textsOut--;
      this.keep(slab);
    };
    return { bytes, release };
  }
}

/**
 * `high * 2^32 + low` as `top * 10^5 + last5`, every step exact in doubles: 2^32 is
 * 42949 * 10^5 + 67296, so for high < 2^32 the products stay far below 2^53.
 */
function splitInt64(high: number, low: number): { top: number; last5: number } {
  const lowPart = high * 67_296 + low;
  const carry = Math.floor(lowPart / 100_000);
  return { top: high * 42_949 + carry, last5: lowPart - carry * 100_000 };
}

/**
 * `high * 2^32 + low` in decimal (both unsigned 32-bit), what
 * `((BigInt(high) << 32n) | BigInt(low)).toString()` gives, at a fraction of the cost.
 */
export function int64Decimal(high: number, low: number): string {
  if (high === 0) return String(low);
  const { top, last5 } = splitInt64(high, low);
  return `${top}${String(last5).padStart(5, '0')}`;
}

/** The JSON string literal of `text` (quotes included), as a chunk. */
export function jsonStringChunk(text: string): JsonChunk {
  return jsonChunk(JSON.stringify(text));
}

/** The JSON-escaped characters of `text` without the quotes, for pieces of a longer string. */
export function jsonStringContentChunk(text: string): JsonChunk {
  return jsonChunk(JSON.stringify(text).slice(1, -1));
}

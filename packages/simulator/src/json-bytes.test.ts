import { describe, expect, it } from 'vitest';
import { int64Decimal, JsonBytes, jsonChunk, jsonStringChunk } from './json-bytes.js';

function written(write: (out: JsonBytes) => void): string {
  const out = new JsonBytes();
  out.begin();
  write(out);
  return out.finish().bytes.toString();
}

const EDGE_INTEGERS = [
  0,
  1,
  9,
  10,
  99,
  100,
  12_345,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  1_672_531_200,
  99_999_999_999,
  2 ** 53 - 1,
];

describe('JsonBytes', () => {
  it('writes integers as String() does', () => {
    for (const value of EDGE_INTEGERS)
      expect(written((out) => out.uint(value))).toBe(String(value));
  });

  it('writes zero-padded digits', () => {
    expect(written((out) => out.digits(42, 5))).toBe('00042');
    expect(written((out) => out.digits(416_611_827_615, 12))).toBe('416611827615');
    expect(written((out) => out.digits(7, 1))).toBe('7');
  });

  it('writes high * 2^32 + low as BigInt does', () => {
    const words = [0, 1, 2, 99_999, 100_000, 2 ** 31, 1_672_531_200, 1_999_999_999, 2 ** 32 - 1];
    for (const high of words) {
      for (const low of words) {
        const expected = ((BigInt(high) << 32n) | BigInt(low)).toString();
        expect(int64Decimal(high, low)).toBe(expected);
        expect(written((out) => out.uint64(high, low))).toBe(expected);
      }
    }
  });

  it('copies chunks of any length, UTF-8 and JSON escapes included', () => {
    for (const text of [
      '',
      'a',
      'abc',
      'abcd',
      'abcde',
      ',"video_description":"',
      '🔥 café fypシ',
    ]) {
      expect(written((out) => out.raw(jsonChunk(text)))).toBe(text);
    }
    expect(written((out) => out.raw(jsonStringChunk('say "hi"\n')))).toBe('"say \\"hi\\"\\n"');
  });

  it('keeps the texts still out intact, moving a text that outgrows its slab', () => {
    const out = new JsonBytes();
    const chunk = jsonChunk('0123456789abcdef');
    const held: Array<{ bytes: Buffer; content: string }> = [];
    for (let text = 0; text < 20; text++) {
      out.begin();
      // 160 KiB: a few texts to a slab, and the last one of each moves to the next.
      for (let k = 0; k < 10_240; k++) out.raw(chunk);
      out.uint(text);
      const { bytes } = out.finish();
      held.push({ bytes, content: bytes.toString() });
    }
    for (const [text, { bytes, content }] of held.entries()) {
      expect(bytes.length).toBe(163_840 + String(text).length);
      expect(bytes.toString()).toBe(content);
      expect(content.endsWith(`cdef${text}`)).toBe(true);
    }
  });

  it('writes over a text once it is released, and only then', () => {
    const out = new JsonBytes();
    const page = (content: string) => {
      out.begin();
      out.raw(jsonChunk(content));
      return out.finish();
    };
    const first = page('first');
    const second = page('second');
    expect(second.bytes.byteOffset).toBeGreaterThan(first.bytes.byteOffset);
    first.release();
    second.release();
    second.release();
    const third = page('third');
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    expect(third.bytes.byteOffset).toBe(first.bytes.byteOffset);
    expect(third.bytes.toString()).toBe('third');
  });

  it('reuses a slab whose texts were all released once the one in use is full', () => {
    const out = new JsonBytes();
    const chunk = jsonChunk('0123456789abcdef');
    const texts = [];
    for (let text = 0; text < 12; text++) {
      out.begin();
      for (let k = 0; k < 10_240; k++) out.raw(chunk);
      texts.push(out.finish());
    }
    const slabs = new Set(texts.map((text) => text.bytes.buffer));
    expect(slabs.size).toBeGreaterThan(1);
    for (const text of texts) text.release();
    for (let text = 0; text < 12; text++) {
      out.begin();
      for (let k = 0; k < 10_240; k++) out.raw(chunk);
      const { bytes, release } = out.finish();
      expect(slabs.has(bytes.buffer)).toBe(true);
      release();
    }
  });

  it('turns a leading comma into the opening brace', () => {
    expect(
      written((out) => {
        out.raw(jsonChunk('[ignored]'));
        out.begin();
        const start = out.length;
        out.raw(jsonChunk(',"a":1'));
        out.replaceByte(start, 0x7b);
        out.byte(0x7d);
      }),
    ).toBe('{"a":1}');
  });
});

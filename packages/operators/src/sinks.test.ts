import { Writable } from 'node:stream';
import type { Video } from '@tikrx/core';
import { concat, from, lastValueFrom, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, csvHeader, videoToCsvRow } from './csv.js';
import { toAsyncIterable } from './to-async-iterable.js';
import { writeCsv } from './write-csv.js';
import { writeNdjson } from './write-ndjson.js';

/** A writable with a tiny buffer that drains only when told to. */
function slowWritable(highWaterMark = 16) {
  const chunks: string[] = [];
  const callbacks: Array<() => void> = [];
  const writable = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      chunks.push(chunk);
      callbacks.push(callback);
    },
  });
  const drainAll = () => {
    while (callbacks.length > 0) callbacks.shift()!();
  };
  return { writable, chunks, drainAll };
}

const videos: Video[] = Array.from({ length: 50 }, (_, i) => ({
  id: String(7_300_000_000_000_000_000n + BigInt(i)),
  source: 'research',
  description: `video ${i}, "quoted"\nnext line`,
  hashtags: ['a', 'b'],
  stats: { views: i },
}));

describe('writeNdjson', () => {
  it('waits for drain when write() returns false and loses no line, in order', async () => {
    const { writable, chunks, drainAll } = slowWritable();
    let writesWhileFull = 0;
    const originalWrite = writable.write.bind(writable);
    writable.write = ((chunk: string) => {
      if (writable.writableNeedDrain) writesWhileFull += 1;
      return originalWrite(chunk);
    }) as typeof writable.write;
    const result = lastValueFrom(from(videos).pipe(writeNdjson(writable)));
    const timer = setInterval(drainAll, 1);
    const { written } = await result;
    clearInterval(timer);
    drainAll();
    expect(written).toBe(50);
    expect(writesWhileFull).toBe(0);
    const lines = chunks.join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => (JSON.parse(line) as Video).id)).toEqual(videos.map((v) => v.id));
  });

  it('writes the lines received before a source error, then fails', async () => {
    const { writable, chunks, drainAll } = slowWritable(1 << 20);
    const failing = concat(
      from(videos.slice(0, 3)),
      throwError(() => new Error('boom')),
    );
    await expect(lastValueFrom(failing.pipe(writeNdjson(writable)))).rejects.toThrow('boom');
    drainAll();
    expect(chunks.join('').split('\n')).toHaveLength(4);
  });

  it('ends the writable when asked', async () => {
    const { writable, drainAll } = slowWritable(1 << 20);
    const result = lastValueFrom(
      from(videos.slice(0, 2)).pipe(writeNdjson(writable, { end: true })),
    );
    setImmediate(drainAll);
    await result;
    expect(writable.writableEnded).toBe(true);
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180: commas, quotes (doubled), CR and LF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });

  it('flattens nested fields into dotted columns and joins arrays with |', () => {
    const row = videoToCsvRow(
      {
        id: '1',
        source: 'display',
        stats: { views: 5, likes: 2 },
        hashtags: ['x', 'y'],
        pinned: false,
      },
      [
        'id',
        'stats.views',
        'stats.likes',
        'stats.saves',
        'hashtags',
        'pinned',
        'media.downloadUrl',
      ],
    );
    expect(row).toBe('1,5,2,,x|y,false,');
    expect(csvHeader()).toContain('stats.views,stats.likes');
    expect(CSV_COLUMNS).not.toContain('raw');
  });

  it('opens right in a spreadsheet with bom and textIds: a BOM, ids as text formulas', async () => {
    const { writable, chunks, drainAll } = slowWritable(1 << 20);
    const result = lastValueFrom(
      from(videos.slice(0, 1)).pipe(
        writeCsv(writable, { columns: ['id', 'stats.views'], bom: true, textIds: true }),
      ),
    );
    setImmediate(drainAll);
    await result;
    drainAll();
    expect(chunks.join('')).toBe(`\uFEFFid,stats.views\r\n"=""${videos[0]!.id}""",0\r\n`);
  });

  it('writes a header then CRLF rows, waiting for drain', async () => {
    const { writable, chunks, drainAll } = slowWritable();
    const result = lastValueFrom(
      from(videos).pipe(writeCsv(writable, { columns: ['id', 'description'] })),
    );
    const timer = setInterval(drainAll, 1);
    const { written } = await result;
    clearInterval(timer);
    drainAll();
    expect(written).toBe(50);
    const text = chunks.join('');
    expect(text.startsWith('id,description\r\n')).toBe(true);
    expect(text).toContain(`${videos[0]!.id},"video 0, ""quoted""\nnext line"\r\n`);
    expect(text.split('\r\n')).toHaveLength(52);
  });
});

describe('toAsyncIterable', () => {
  it('yields every value in order, then ends', async () => {
    const seen: number[] = [];
    for await (const value of toAsyncIterable(from([1, 2, 3]))) seen.push(value);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('unsubscribes when the loop breaks', async () => {
    const subject = new Subject<number>();
    const iterable = toAsyncIterable(subject);
    setTimeout(() => subject.next(1), 0);
    for await (const value of iterable) {
      expect(value).toBe(1);
      break;
    }
    expect(subject.observed).toBe(false);
  });

  it('rethrows the source error after the values before it', async () => {
    const seen: number[] = [];
    const failing = concat(
      from([1, 2]),
      throwError(() => new Error('late')),
    );
    await expect(
      (async () => {
        for await (const value of toAsyncIterable(failing)) seen.push(value);
      })(),
    ).rejects.toThrow('late');
    expect(seen).toEqual([1, 2]);
  });

  it("fails loudly past highWaterMark with overflow: 'error'", async () => {
    const iterable = toAsyncIterable(from([1, 2, 3, 4]), { highWaterMark: 2, overflow: 'error' });
    await expect(iterable.next()).rejects.toThrow(/more than 2 values/);
  });
});

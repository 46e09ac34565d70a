import type { Writable } from 'node:stream';
import type { Video } from '@tikrx/core';
import type { OperatorFunction } from 'rxjs';
import { type WriteLinesOptions, type WriteResult, writeLines } from './write-lines.js';

/**
 * Options of `writeNdjson`: how to turn an item into a JSON line, and the options of every line
 * sink.
 */
export interface WriteNdjsonOptions<T> extends WriteLinesOptions {
  /** One line of JSON per item. Default: `JSON.stringify` (ids are strings, so exact). */
  serialize?: (item: T) => string;
}

/**
 * Writes each item as one line of JSON (`\n`-terminated) to `writable`, waiting for `drain`
 * when it is full. Emits `{ written }` once when done. `end: true` ends the writable.
 *
 * `videos$.pipe(writeNdjson(process.stdout)).subscribe()`
 */
export function writeNdjson<T = Video>(
  writable: Writable,
  options: WriteNdjsonOptions<T> = {},
): OperatorFunction<T, WriteResult> {
  const serialize = options.serialize ?? ((item: T) => JSON.stringify(item));
  const { serialize: _serialize, ...lineOptions } = options;
  return writeLines(writable, (item: T) => `${serialize(item)}\n`, lineOptions);
}

import { VIDEO_SOURCES, type Video, type VideoSource, type VideoStats } from '@tikrx/core';
import { defer, mergeMap, type OperatorFunction } from 'rxjs';

/** One video merged from every source it was seen in. */
export type MergedVideo = Video & {
  /** Where it was seen, in `VIDEO_SOURCES` order. */
  sources: VideoSource[];
};

/** Options of `mergeById`: which source wins a field both have. */
export interface MergeByIdOptions {
  /**
   * Which source wins where sources disagree on a field (text, urls, arrays, booleans, `raw`).
   * Default: `['research', 'display', 'socialfetch']`: the Research API's record is the
   * fullest, Display's is the creator's own, Social Fetch's is scraped.
   */
  priority?: readonly VideoSource[];
}

/** The default order in which `mergeById` prefers sources' fields. */
export const DEFAULT_MERGE_PRIORITY: readonly VideoSource[] = [
  'research',
  'display',
  'socialfetch',
];

/**
 * The same video seen from several sources becomes one record, emitted as an upsert each time
 * it changes (a sink that writes by id stays correct; a copy that adds nothing emits nothing).
 * Precedence:
 * - every field any source gave is kept (the union);
 * - `stats` counts: the largest seen, per count (counts only grow, so the largest is the
 *   freshest, whichever source lags);
 * - every other field, `media.*` per key: from the first source in `priority` that has it;
 *   a later record from the same source replaces that source's earlier one;
 * - `source`: the winning source; `sources`: every source seen.
 * It remembers one record per id and source for the life of the subscription.
 */
export function mergeById(options: MergeByIdOptions = {}): OperatorFunction<Video, MergedVideo> {
  const priority = options.priority ?? DEFAULT_MERGE_PRIORITY;
  const rank = (source: VideoSource) => {
    const index = priority.indexOf(source);
    return index === -1 ? priority.length + VIDEO_SOURCES.indexOf(source) : index;
  };
  return (source$) =>
    defer(() => {
      const seen = new Map<string, { bySource: Map<VideoSource, Video>; merged: MergedVideo }>();
      return source$.pipe(
        mergeMap((video) => {
          const entry = seen.get(video.id);
          const bySource = entry?.bySource ?? new Map<VideoSource, Video>();
          bySource.set(video.source, video);
          const merged = mergeRecords(
            [...bySource.values()].sort((a, b) => rank(a.source) - rank(b.source)),
          );
          if (entry !== undefined && deepEqual(entry.merged, merged)) return [];
          seen.set(video.id, { bySource, merged });
          return [merged];
        }),
      );
    });
}

/** Merges records already sorted by priority (the first wins). */
function mergeRecords(records: readonly Video[]): MergedVideo {
  const merged: Record<string, unknown> = {};
  let stats: VideoStats | undefined;
  let media: Record<string, unknown> | undefined;
  for (const record of records) {
    for (const [field, value] of Object.entries(record)) {
      if (value === undefined) continue;
      if (field === 'stats') {
        stats ??= {};
        for (const [count, n] of Object.entries(value as VideoStats)) {
          const key = count as keyof VideoStats;
          if (typeof n === 'number' && (stats[key] === undefined || n > stats[key])) stats[key] = n;
        }
      } else if (field === 'media') {
        media ??= {};
        for (const [link, url] of Object.entries(value as Record<string, unknown>)) {
          if (url !== undefined && !(link in media)) media[link] = url;
        }
      } else if (!(field in merged)) {
        merged[field] = value;
      }
    }
  }
  if (stats !== undefined) merged['stats'] = stats;
  if (media !== undefined) merged['media'] = media;
  const present = new Set(records.map((record) => record.source));
  merged['sources'] = VIDEO_SOURCES.filter((source) => present.has(source));
  return merged as unknown as MergedVideo;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) {
      return false;
    }
  }
  return true;
}

import type { Video } from '@tikrx/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { mergeById } from './merge-by-id.js';

const id = '7320768196569599275';

describe('mergeById', () => {
  it('merges the same video from several sources into upserts with the documented precedence', async () => {
    const records: Video[] = [
      {
        id,
        source: 'socialfetch',
        description: 'from sf',
        stats: { views: 120, saves: 3 },
        media: { downloadUrl: 'd' },
        pinned: true,
      },
      {
        id,
        source: 'research',
        description: 'from research',
        hashtags: ['a'],
        stats: { views: 100, likes: 9 },
      },
      { id, source: 'display', title: 'title', description: 'from display', stats: { views: 130 } },
      { id: '1', source: 'display' },
    ];
    const out = await lastValueFrom(from(records).pipe(mergeById(), toArray()));
    expect(out.map((v) => v.id)).toEqual([id, id, id, '1']);
    expect(out[2]).toEqual({
      id,
      source: 'research',
      description: 'from research',
      hashtags: ['a'],
      title: 'title',
      pinned: true,
      stats: { views: 130, likes: 9, saves: 3 },
      media: { downloadUrl: 'd' },
      sources: ['display', 'socialfetch', 'research'],
    });
    expect(out[0]!.sources).toEqual(['socialfetch']);
  });

  it('emits nothing when a copy changes nothing', async () => {
    const record: Video = { id, source: 'display', stats: { views: 5 } };
    const out = await lastValueFrom(
      from([
        record,
        { ...record },
        { ...record, stats: { views: 4 } },
        { ...record, stats: { views: 6 } },
      ]).pipe(mergeById(), toArray()),
    );
    // views 4 from the same source replaces 5, but the max over sources is then 4: an upsert
    expect(out.map((v) => v.stats?.views)).toEqual([5, 4, 6]);
  });

  it('follows a custom priority', async () => {
    const out = await lastValueFrom(
      from<Video[]>([
        { id, source: 'research', description: 'r' },
        { id, source: 'socialfetch', description: 's' },
      ]).pipe(mergeById({ priority: ['socialfetch', 'research', 'display'] }), toArray()),
    );
    expect(out.at(-1)).toMatchObject({ source: 'socialfetch', description: 's' });
  });
});

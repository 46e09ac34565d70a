import { describe, expect, it } from 'vitest';
import type { CrawlSpec } from './job-data.js';
import { validateSpec } from './validate-spec.js';

const query = { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['cats'] }] };

describe('validateSpec', () => {
  it('normalizes days to YYYYMMDD', () => {
    expect(
      validateSpec({
        kind: 'research.videos',
        query,
        from: '2024-01-01',
        to: '2024-02-01',
      } as CrawlSpec),
    ).toMatchObject({ from: '20240101', to: '20240201' });
  });

  it.each([
    [{ kind: 'research.videos', query, from: '20240201', to: '20240101' }, /before from/],
    [{ kind: 'research.videos', query, from: '2024-13-01' }, /from must be/],
    [{ kind: 'research.videos', query: { and: [] }, from: '20240101' }, /query/],
    [{ kind: 'research.videos', query, from: '20240101', windowDays: 40 }, /windowDays/],
    [{ kind: 'display.list' }, /crawl kind must be one of/],
    [{ kind: 'research.reposts', username: 'a b' }, /username/],
    [{ kind: 'research.comments', videoIds: [] }, /videoIds must be a non-empty list/],
    [{ kind: 'research.comments', videoIds: ['12', 'x1'] }, /videoIds\[1\]/],
    [{ kind: 'research.comments', videoIds: ['12'], maxCount: 500 }, /maxCount/],
    [{ kind: 'research.liked', username: 'ana', fields: ['nope'] }, /field/],
    [{ kind: 'research.followers', username: '' }, /username/],
    [{ kind: 'research.playlist', playlistId: 'abc' }, /playlist/i],
    [{ kind: 'research.user-info', usernames: ['ana', 'bad name'] }, /username/],
    [{ kind: 'display.videos', maxCount: 21 }, /maxCount/],
    [{ kind: 'display.videos', apiVersion: 'v3' }, /apiVersion/],
    [{ kind: 'socialfetch.videos', handle: '' }, /handle/],
    [{ kind: 'socialfetch.videos', handle: 'ana', sortBy: 'oldest' }, /sortBy/],
    ['cats', /must be an object/],
  ])('refuses %j before anything is queued', (spec, message) => {
    expect(() => validateSpec(spec as CrawlSpec)).toThrow(
      expect.objectContaining({ kind: 'bad_request', message: expect.stringMatching(message) }),
    );
  });

  it.each([
    { kind: 'research.reposts', username: '@some.one' },
    { kind: 'research.comments', videoIds: ['7300000000000000001', '7300000000000000002'] },
    { kind: 'research.liked', username: 'ana', maxCount: 50 },
    { kind: 'research.pinned', username: 'ana' },
    { kind: 'research.following', username: 'ana' },
    { kind: 'research.playlist', playlistId: '7200000000000000001' },
    { kind: 'research.user-info', usernames: ['ana', 'bo'], fields: ['display_name'] },
    { kind: 'display.videos', apiVersion: 'v1', maxCount: 20 },
    { kind: 'socialfetch.videos', handle: '@ana', sortBy: 'latest', region: 'JP' },
  ])('accepts %j as it is', (spec) => {
    expect(validateSpec(spec as CrawlSpec)).toEqual(spec);
  });
});

import { describe, expect, it } from 'vitest';
import type { CrawlSpec } from './job-data.js';
import { validateSpec } from './submit-crawl.js';

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
    [{ kind: 'display.videos' }, /crawl kind/],
    ['cats', /must be an object/],
  ])('refuses %j before anything is queued', (spec, message) => {
    expect(() => validateSpec(spec as CrawlSpec)).toThrow(
      expect.objectContaining({ kind: 'bad_request', message: expect.stringMatching(message) }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Video } from './video.js';
import { withoutUndefined } from './without-undefined.js';

describe('withoutUndefined', () => {
  it('drops undefined members and keeps falsy values', () => {
    const out = withoutUndefined({ a: 1, b: undefined, c: 0, d: '', e: false, f: null });
    expect(out).toEqual({ a: 1, c: 0, d: '', e: false, f: null });
    expect('b' in out).toBe(false);
  });

  it('builds a Video whose unknown fields are absent', () => {
    const record: { id: string; title?: string; view_count?: number } = {
      id: '7099522475452681474',
    };
    const video: Video = {
      id: record.id,
      source: 'display',
      ...withoutUndefined({ title: record.title, stats: undefined }),
    };
    expect(Object.keys(video)).toEqual(['id', 'source']);
  });
});

import { describe, expect, it } from 'vitest';
import { recordKindOf } from './record-kind.js';

describe('recordKindOf', () => {
  it('tells every kind of record apart by its shape', () => {
    expect(recordKindOf({ id: '1', source: 'research' })).toBe('videos');
    expect(recordKindOf({ id: '2', videoId: '1', text: 'hi' })).toBe('comments');
    expect(recordKindOf({ username: 'a', lookupStatus: 'found' })).toBe('users');
    expect(recordKindOf({ username: 'a', relation: 'follower', of: 'b' })).toBe('userRelations');
    expect(recordKindOf({ id: '3', videoIds: ['1'] })).toBe('playlists');
  });
});

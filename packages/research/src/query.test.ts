import { describe, expect, it } from 'vitest';
import { q, validateQuery } from './query.js';

const byUsername = (...names: string[]) => ({
  and: [{ field_name: 'username', operation: 'IN', field_values: names }],
});

describe('validateQuery: username values', () => {
  it('keeps TikTok usernames and drops a leading @, as repostedVideos does', () => {
    expect(validateQuery(byUsername('cookie_love_122', '@s.clovis'))).toEqual(
      byUsername('cookie_love_122', 's.clovis'),
    );
    expect(validateQuery(q.query(q.and(q.eq('username', '@test_username'))))).toEqual({
      and: [{ field_name: 'username', operation: 'EQ', field_values: ['test_username'] }],
    });
  });

  it.each([
    ['a space', 'some one'],
    ['a newline', 'a\r\nb'],
    ['query characters', 'a?b=c'],
    ['25 characters', 'x'.repeat(25)],
  ])('refuses a username with %s, naming where it is', (_name, username) => {
    expect(() => validateQuery(byUsername('fine_name', username))).toThrow(
      expect.objectContaining({
        kind: 'bad_request',
        message: expect.stringContaining('query.and[0].field_values[1]'),
      }),
    );
  });

  it('leaves keyword values alone: any text is a keyword', () => {
    const query = {
      and: [{ field_name: 'keyword', operation: 'EQ', field_values: ['some one?'] }],
    };
    expect(validateQuery(query)).toEqual(query);
  });
});

import { startSimulator } from '@tikrx/simulator';
import { describe, expect, it } from 'vitest';
import { validateUsername } from './username.js';

describe('validateUsername', () => {
  it.each([
    ['test_username', 'test_username'],
    ['@cookie_love_122', 'cookie_love_122'],
    ['s.clovis', 's.clovis'],
    ['A', 'A'],
    ['x'.repeat(24), 'x'.repeat(24)],
  ])('accepts %s as %s', (value, username) => {
    expect(validateUsername(value, 'username')).toBe(username);
  });

  it.each([
    ['missing', undefined],
    ['a number', 42],
    ['empty', ''],
    ['only @', '@'],
    ['blank', '  '],
    ['25 characters', 'x'.repeat(25)],
    ['a path separator', '../etc/passwd'],
    ['query characters', 'a?b=c&d=e'],
    ['a newline', 'a\r\nX-Injected: 1'],
    ['a space', 'some one'],
    ['a hyphen', 'some-one'],
    ['two @', '@@someone'],
  ])('refuses %s with bad_request naming the option', (_name, value) => {
    expect(() => validateUsername(value, 'username')).toThrow(
      expect.objectContaining({
        kind: 'bad_request',
        message: expect.stringMatching(/^username /),
      }),
    );
  });

  it("accepts every username of the simulator's largest dataset", async () => {
    // The largest dataset has the most creators, so the longest names (adjective, noun, number).
    const sim = await startSimulator({ seed: 3, size: 10_000_000 });
    try {
      const names = sim.dataset.creators();
      expect(names.length).toBeGreaterThan(60_000);
      for (const name of names) expect(validateUsername(name, 'username')).toBe(name);
    } finally {
      await sim.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { retryAfterMsFrom } from './retry-after.js';

const NOW = Date.parse('2024-04-05T13:25:44Z');

describe('retryAfterMsFrom', () => {
  it('reads Retry-After delta-seconds', () => {
    expect(retryAfterMsFrom({ 'retry-after': '7' }, NOW)).toBe(7000);
    expect(retryAfterMsFrom({ 'retry-after': '0' }, NOW)).toBe(0);
    expect(retryAfterMsFrom({ 'retry-after': ' 2.5 ' }, NOW)).toBe(2500);
  });

  it('reads Retry-After as an HTTP date, relative to now', () => {
    expect(retryAfterMsFrom({ 'retry-after': 'Fri, 05 Apr 2024 13:26:14 GMT' }, NOW)).toBe(30_000);
  });

  it('clamps an HTTP date in the past to 0', () => {
    expect(retryAfterMsFrom({ 'retry-after': 'Fri, 05 Apr 2024 13:00:00 GMT' }, NOW)).toBe(0);
  });

  it('prefers retry-after-ms, and falls back to Retry-After when it is unreadable', () => {
    expect(retryAfterMsFrom({ 'retry-after-ms': '1500', 'retry-after': '9' }, NOW)).toBe(1500);
    expect(retryAfterMsFrom({ 'retry-after-ms': 'soon', 'retry-after': '9' }, NOW)).toBe(9000);
  });

  it('matches header names case-insensitively', () => {
    expect(retryAfterMsFrom({ 'Retry-After': '3' }, NOW)).toBe(3000);
  });

  it('is undefined when absent, empty or unreadable', () => {
    expect(retryAfterMsFrom({}, NOW)).toBeUndefined();
    expect(retryAfterMsFrom({ 'retry-after': '' }, NOW)).toBeUndefined();
    expect(retryAfterMsFrom({ 'retry-after': 'later, please' }, NOW)).toBeUndefined();
    expect(retryAfterMsFrom({ 'retry-after': undefined }, NOW)).toBeUndefined();
  });
});

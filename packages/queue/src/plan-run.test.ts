import { describe, expect, it } from 'vitest';
import type { ResearchVideosSpec } from './job-data.js';
import { planRun } from './plan-run.js';

const spec: ResearchVideosSpec = {
  kind: 'research.videos',
  query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['cats'] }] },
  from: '20240101',
  to: '20240131',
  windowDays: 10,
};
const at = (iso: string) => Date.parse(iso);
const { to: _to, ...openEnded } = spec;

describe('planRun', () => {
  it('cuts a finished range into windows and covers it to its last day', () => {
    expect(planRun(spec, undefined, at('2024-03-01T00:00:00Z'))).toEqual({
      range: { start: '20240101', end: '20240131' },
      windows: [
        { start: '20240101', end: '20240110' },
        { start: '20240111', end: '20240120' },
        { start: '20240121', end: '20240130' },
        { start: '20240131', end: '20240131' },
      ],
      coversUntil: '20240131',
    });
  });

  it("stops at today and leaves today's partial day to the next run", () => {
    const plan = planRun(openEnded, undefined, at('2024-01-15T09:00:00Z'));
    expect(plan?.range).toEqual({ start: '20240101', end: '20240115' });
    expect(plan?.coversUntil).toBe('20240114');
  });

  it('catches up from the day after the last day covered', () => {
    const plan = planRun(openEnded, '20240114', at('2024-01-17T09:00:00Z'));
    expect(plan?.range).toEqual({ start: '20240115', end: '20240117' });
    expect(plan?.windows).toEqual([{ start: '20240115', end: '20240117' }]);
  });

  it('has nothing to do once the fixed range is covered', () => {
    expect(planRun(spec, '20240131', at('2024-03-01T00:00:00Z'))).toBeUndefined();
  });

  it('gives a kind without dates one window', () => {
    expect(planRun({ kind: 'research.reposts', username: 'someone' }, undefined, 0)).toEqual({
      windows: [undefined],
    });
  });
});

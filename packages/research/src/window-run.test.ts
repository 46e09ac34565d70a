import { TikrxError } from '@tikrx/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUN_POLICY,
  type RunEvent,
  type RunPolicy,
  type RunState,
  startRun,
  step,
} from './window-run.js';

const policy: RunPolicy = {
  triesPerSize: 2,
  retryDelayMs: 100,
  warmup: { firstDelayMs: 1_000, maxDelayMs: 8_000, maxWaitMs: 60_000 },
  maxRestarts: 2,
};

const refused = (id: string): RunEvent => ({
  type: 'error',
  error: new TikrxError({
    kind: 'bad_request',
    status: 400,
    code: 'invalid_params',
    apiMessage: `Search Id ${id} is invalid or expired`,
    message: 'refused',
  }),
});
const serverError: RunEvent = {
  type: 'error',
  error: new TikrxError({ kind: 'server', status: 500, code: 'internal_error', message: '500' }),
};
const vague400: RunEvent = {
  type: 'error',
  error: new TikrxError({
    kind: 'bad_request',
    status: 400,
    apiMessage: 'Something is wrong. Please try again later.',
    message: 'vague',
  }),
};

/** Runs events through `step`, returning every state and command. */
function drive(state: RunState, events: RunEvent[]) {
  const commands = [];
  for (const event of events) {
    const next = step(state, event, policy);
    state = next.state;
    commands.push(...next.commands);
  }
  return { state, commands };
}

describe('a window run', () => {
  it('fetches page after page, then is done', () => {
    const { state } = startRun({ cursor: 0 }, 12);
    const { state: end, commands } = drive(state, [
      { type: 'page', next: { cursor: 100, searchId: 's1' } },
      { type: 'page', next: { cursor: 200, searchId: 's1' } },
      { type: 'page', next: undefined },
    ]);
    expect(commands).toEqual([
      { type: 'fetch', at: { cursor: 100, searchId: 's1' }, delayMs: 0, reason: 'next' },
      { type: 'fetch', at: { cursor: 200, searchId: 's1' }, delayMs: 0, reason: 'next' },
      { type: 'done' },
    ]);
    expect(end.outcome).toBe('done');
  });

  it('waits out a refused fresh search_id on the same id, backing off, and never restarts when it is accepted', () => {
    const start = drive(startRun({ cursor: 0 }, 12).state, [
      { type: 'page', next: { cursor: 100, searchId: 's1' } },
    ]).state;
    const { state, commands } = drive(start, [refused('s1'), refused('s1'), refused('s1')]);
    expect(commands).toEqual([
      { type: 'fetch', at: { cursor: 100, searchId: 's1' }, delayMs: 1_000, reason: 'warmup' },
      { type: 'fetch', at: { cursor: 100, searchId: 's1' }, delayMs: 2_000, reason: 'warmup' },
      { type: 'fetch', at: { cursor: 100, searchId: 's1' }, delayMs: 4_000, reason: 'warmup' },
    ]);
    expect(state.waitedMs).toBe(7_000);
    const accepted = step(state, { type: 'page', next: { cursor: 200, searchId: 's1' } }, policy);
    expect(accepted.state).toMatchObject({ refusals: 0, waitedMs: 0, restarts: 0 });
  });

  it('restarts the search only once about a minute was spent waiting on one id', () => {
    let state = drive(startRun({ cursor: 0 }, 12).state, [
      { type: 'page', next: { cursor: 100, searchId: 's1' } },
    ]).state;
    const delays: number[] = [];
    for (;;) {
      const next = step(state, refused('s1'), policy);
      state = next.state;
      const command = next.commands[0];
      if (command?.type !== 'fetch') {
        expect(command).toEqual({ type: 'restart' });
        break;
      }
      delays.push(command.delayMs);
    }
    expect(delays.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(Math.max(...delays)).toBe(8_000);
    expect(state).toMatchObject({ at: { cursor: 0 }, restarts: 1, waitedMs: 0 });
  });

  it('fails after too many restarts without a page getting through', () => {
    const quick: RunPolicy = { ...policy, warmup: { ...policy.warmup, maxWaitMs: 0 } };
    let state: RunState = { ...startRun({ cursor: 100, searchId: 's' }, 5).state };
    const kinds: string[] = [];
    for (let k = 0; k < 3; k++) {
      const next = step({ ...state, at: { cursor: 100, searchId: 's' } }, refused('s'), quick);
      state = next.state;
      kinds.push(...next.commands.map((c) => c.type));
    }
    expect(kinds).toEqual(['restart', 'restart', 'fail']);
  });

  it('tries a failing window twice at its size, then splits it; a single day that still fails becomes a gap', () => {
    const month = drive(startRun({ cursor: 0 }, 30).state, [serverError, serverError]);
    expect(month.commands.map((c) => c.type)).toEqual(['fetch', 'split']);
    expect(month.commands[0]).toMatchObject({ at: { cursor: 0 }, delayMs: 100, reason: 'retry' });
    expect(month.state.outcome).toBe('split');
    const day = drive(startRun({ cursor: 0 }, 1).state, [serverError, serverError]);
    expect(day.commands.map((c) => c.type)).toEqual(['fetch', 'gap']);
    expect(day.state.outcome).toBe('gap');
  });

  it('counts a vague 400 ("Something is wrong") as a failed try, not as bad input', () => {
    const { commands } = drive(startRun({ cursor: 0 }, 4).state, [vague400]);
    expect(commands).toEqual([{ type: 'fetch', at: { cursor: 0 }, delayMs: 100, reason: 'retry' }]);
  });

  it('starts the count of tries afresh after a page gets through', () => {
    const { commands } = drive(startRun({ cursor: 0 }, 8).state, [
      serverError,
      { type: 'page', next: { cursor: 100, searchId: 's' } },
      serverError,
    ]);
    expect(commands.map((c) => c.type)).toEqual(['fetch', 'fetch', 'fetch']);
  });

  it('fails a cursor-paged list (no dates to split) after its tries, and on what no retry cures', () => {
    const paged = drive(startRun({ cursor: 0 }, undefined).state, [serverError, serverError]);
    expect(paged.commands.map((c) => c.type)).toEqual(['fetch', 'fail']);
    const auth = step(
      startRun({ cursor: 0 }, 10).state,
      { type: 'error', error: new TikrxError({ kind: 'forbidden', message: 'scope' }) },
      policy,
    );
    expect(auth.commands).toMatchObject([{ type: 'fail' }]);
  });

  it('ignores events once the window is over', () => {
    const done = step(startRun({ cursor: 0 }, 1).state, { type: 'page', next: undefined });
    expect(step(done.state, serverError, DEFAULT_RUN_POLICY).commands).toEqual([]);
  });
});

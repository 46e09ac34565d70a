import type { TikrxError } from '@tikrx/core';
import { isInvalidCursor, isSearchExpired, isVagueTransient } from './api-error.js';
import type { PageAt } from './wire.js';

/**
 * One window of a crawl (a date range of a query, or a cursor-paged list such as reposts) as
 * a reducer: `step(state, event) → { state, commands }`, pure, no HTTP and no clock. The
 * crawl (crawl.ts) turns the commands into requests, waits and new windows.
 */

/** How a window rides out what the field does to it. */
export interface RunPolicy {
  /** Tries a failing date window gets at one size before it is split (each failure spends quota). */
  triesPerSize: number;
  /** Wait after a failed try before the next one at the same size. */
  retryDelayMs: number;
  /** Waits for a fresh search_id to be accepted: first, longest, and in all before restarting. */
  warmup: { firstDelayMs: number; maxDelayMs: number; maxWaitMs: number };
  /** Fresh searches in a row without a page getting through, before the window fails. */
  maxRestarts: number;
}

export const DEFAULT_RUN_POLICY: RunPolicy = {
  triesPerSize: 2,
  retryDelayMs: 500,
  // TikTok's wrapper retries a refused id 60 times a second apart; about a minute here too.
  warmup: { firstDelayMs: 1_000, maxDelayMs: 8_000, maxWaitMs: 60_000 },
  maxRestarts: 5,
};

export interface RunState {
  /** The page to fetch next. */
  at: PageAt;
  /** Days in the window; undefined for a cursor-paged list (no date range to split). */
  days: number | undefined;
  /** Failed tries at the window's current size. */
  failures: number;
  /** Refusals of the current search_id, and the time waited on it so far. */
  refusals: number;
  waitedMs: number;
  /** Fresh searches since a page last got through. */
  restarts: number;
  /** Set once the window is over. */
  outcome?: 'done' | 'split' | 'gap' | 'failed';
}

export type RunEvent =
  /**
   * A page got through; `next` is where the following one starts (none: the last page).
   * `passedStart`: it reached days before the window's start, which another window took
   * (work stealing): nothing further is this window's.
   */
  | { type: 'page'; next: PageAt | undefined; passedStart?: boolean }
  /** A page failed, after the requester's own retries. */
  | { type: 'error'; error: TikrxError };

export type RunCommand =
  /** Request the page at `at`, after `delayMs`. */
  | { type: 'fetch'; at: PageAt; delayMs: number; reason: 'next' | 'retry' | 'warmup' }
  /** Search afresh from cursor 0 over what is left of the window. */
  | { type: 'restart' }
  /** Replace the window by smaller ones over what is left of it. */
  | { type: 'split'; error: TikrxError }
  /** A single day that keeps failing: give it up for this run, keep it pending. */
  | { type: 'gap'; error: TikrxError }
  | { type: 'done' }
  | { type: 'fail'; error: TikrxError };

export interface Step {
  state: RunState;
  commands: RunCommand[];
}

/** A window about to fetch `at` (cursor 0 for a new one, or where a checkpoint left it). */
export function startRun(at: PageAt, days: number | undefined): Step {
  const state: RunState = { at, days, failures: 0, refusals: 0, waitedMs: 0, restarts: 0 };
  return { state, commands: [{ type: 'fetch', at, delayMs: 0, reason: 'next' }] };
}

export function step(state: RunState, event: RunEvent, policy = DEFAULT_RUN_POLICY): Step {
  if (state.outcome !== undefined) return { state, commands: [] };
  if (event.type === 'page') {
    if (event.next === undefined || event.passedStart === true)
      return { state: { ...state, outcome: 'done' }, commands: [{ type: 'done' }] };
    const next: RunState = {
      ...state,
      at: event.next,
      failures: 0,
      refusals: 0,
      waitedMs: 0,
      restarts: 0,
    };
    return {
      state: next,
      commands: [{ type: 'fetch', at: event.next, delayMs: 0, reason: 'next' }],
    };
  }
  const { error } = event;
  if (isSearchExpired(error) && state.at.searchId !== undefined)
    return searchRefused(state, error, policy);
  if (isInvalidCursor(error)) return restart(state, error, policy);
  if (error.kind === 'server' || isVagueTransient(error)) return failedTry(state, error, policy);
  return fail(state, error);
}

/**
 * A fresh search_id is refused while the API's cache warms up, and accepted moments later:
 * wait on the same id, backing off, and search afresh only once the wait is spent.
 */
function searchRefused(state: RunState, error: TikrxError, policy: RunPolicy): Step {
  const { firstDelayMs, maxDelayMs, maxWaitMs } = policy.warmup;
  const leftMs = maxWaitMs - state.waitedMs;
  if (leftMs <= 0) return restart(state, error, policy);
  const delayMs = Math.min(leftMs, maxDelayMs, firstDelayMs * 2 ** state.refusals);
  return {
    state: { ...state, refusals: state.refusals + 1, waitedMs: state.waitedMs + delayMs },
    commands: [{ type: 'fetch', at: state.at, delayMs, reason: 'warmup' }],
  };
}

/** The search is gone: search afresh over what is left (the crawl narrows the range). */
function restart(state: RunState, error: TikrxError, policy: RunPolicy): Step {
  if (state.days === undefined || state.restarts >= policy.maxRestarts) return fail(state, error);
  return {
    state: { ...state, at: { cursor: 0 }, refusals: 0, waitedMs: 0, restarts: state.restarts + 1 },
    commands: [{ type: 'restart' }],
  };
}

/** A 5xx (or a vague transient answer): try again at this size, then split, then give the day up. */
function failedTry(state: RunState, error: TikrxError, policy: RunPolicy): Step {
  const failures = state.failures + 1;
  if (failures < policy.triesPerSize) {
    return {
      state: { ...state, failures },
      commands: [{ type: 'fetch', at: state.at, delayMs: policy.retryDelayMs, reason: 'retry' }],
    };
  }
  if (state.days === undefined) return fail(state, error);
  if (state.days > 1)
    return {
      state: { ...state, failures, outcome: 'split' },
      commands: [{ type: 'split', error }],
    };
  return { state: { ...state, failures, outcome: 'gap' }, commands: [{ type: 'gap', error }] };
}

function fail(state: RunState, error: TikrxError): Step {
  return { state: { ...state, outcome: 'failed' }, commands: [{ type: 'fail', error }] };
}

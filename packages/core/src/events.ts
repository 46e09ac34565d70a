import type { ErrorKind } from './errors.js';
import type { VideoSource } from './video.js';

/**
 * What a client reports while it works, through the `onEvent` option. The CLI's progress
 * line and `progress()` are built from these. URLs are redacted; no event carries a secret.
 */
export type TikrxEvent =
  | { type: 'request'; source: VideoSource; method: string; url: string; attempt: number }
  | { type: 'response'; source: VideoSource; status: number; durationMs: number }
  | { type: 'page'; source: VideoSource; videos: number; hasMore: boolean }
  | {
      type: 'retry';
      source: VideoSource;
      attempt: number;
      delayMs: number;
      kind: ErrorKind;
      /** The API's error code, when it sent one. */
      code?: string;
    }
  | { type: 'throttle'; source: VideoSource; waitedMs: number }
  | { type: 'credits'; source: VideoSource; credits: number }
  | { type: 'token'; source: VideoSource; reason: 'initial' | 'expiring' | 'rejected' }
  /**
   * Where a new stream can resume, after each page's videos were emitted. Plain JSON: a
   * `ResearchCheckpoint`, `DisplayCheckpoint` or `SocialFetchCheckpoint` by `source`.
   */
  | { type: 'checkpoint'; source: VideoSource; checkpoint: unknown }
  /** Videos the client itself dropped as already emitted (e.g. after a search restart). */
  | { type: 'duplicate'; source: VideoSource; count: number }
  /**
   * A window of a date-range crawl changed state. `start`/`end` are `YYYYMMDD`, both ends
   * inclusive. `split` means the window was replaced by smaller ones (each reported on its
   * own); `gap` means a single day that kept failing and was given up for this run.
   */
  | {
      type: 'window';
      source: VideoSource;
      start: string;
      end: string;
      state: WindowState;
      /** Videos this window has emitted so far. */
      videos?: number;
    }
  /** Days given up in this run (each also reported as a `gap` window); the checkpoint keeps them pending. */
  | { type: 'gap'; source: VideoSource; days: string[]; kind: ErrorKind; message: string }
  /**
   * Requests this client spent against the API's daily quota in the current UTC day,
   * failures included, after each answered request.
   */
  | { type: 'quota'; source: VideoSource; usedToday: number; limit: number; resetsAt: string }
  /** The shared limiter changed its rate (lowered after a 429, raised as it recovers). */
  | {
      type: 'rate';
      source: VideoSource;
      requestsPerMinute: number;
      reason: 'throttled' | 'recovering';
    }
  /** A note for the user that is not an error (e.g. an `endDate` inside the index's lag). */
  | { type: 'warning'; source: VideoSource; code: string; message: string };

/** Where one window of a date-range crawl stands. */
export type WindowState = 'waiting' | 'running' | 'retrying' | 'done' | 'split' | 'gap';

/**
 * Called synchronously by the clients. A listener that throws fails the stream with what it
 * threw (as an RxJS `tap` callback would); once the stream is already failing or was
 * unsubscribed there is nothing left to fail, and the throw is ignored. It never escapes as
 * an uncaught exception.
 */
export type TikrxEventListener = (event: TikrxEvent) => void;

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
  /** A crawl state from which a new stream can resume (Research). Plain data. */
  | { type: 'checkpoint'; source: VideoSource; checkpoint: unknown }
  /** Videos the client itself dropped as already emitted (e.g. after a search restart). */
  | { type: 'duplicate'; source: VideoSource; count: number };

export type TikrxEventListener = (event: TikrxEvent) => void;

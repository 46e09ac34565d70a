import { type Transport, undiciTransport } from '@tikrx/core';
import type { Observable, Subscription } from 'rxjs';
import type { SecretScanner } from './secrets.js';

/** Names in OAuth form bodies and token responses that hold secrets. */
const SECRET_FIELDS = ['access_token', 'refresh_token', 'client_secret'];

/**
 * The default undici transport, watched: every token that goes out (Authorization, x-api-key,
 * query tokens, form secrets) or comes back (an OAuth response) becomes a secret the scanner
 * looks for. So tokens the simulator issues mid-run are searched for too, not only the
 * planted ones. Also counts requests and aborted requests.
 */
export function recordingTransport(scanner: SecretScanner): Transport & {
  readonly counts: { requests: number; aborted: number };
} {
  const inner = undiciTransport();
  const counts = { requests: 0, aborted: 0 };
  const learn = (label: string, text: string | undefined) => {
    if (text === undefined) return;
    for (const field of SECRET_FIELDS) {
      for (const match of text.matchAll(
        new RegExp(`"?${field}"?\\s*[:=]\\s*"?([^"&,}\\s]+)`, 'g'),
      )) {
        const value = match[1];
        if (value !== undefined) scanner.add(`${label} ${field}`, decodeURIComponent(value));
      }
    }
  };
  const transport = async (request: Parameters<Transport>[0]) => {
    counts.requests += 1;
    for (const [name, value] of Object.entries(request.headers)) {
      const lower = name.toLowerCase();
      if (lower === 'authorization' || lower === 'x-api-key') {
        scanner.add(`sent ${lower}`, value.replace(/^(Bearer|Basic)\s+/i, ''));
      }
    }
    learn(
      'sent',
      request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : undefined,
    );
    learn('sent', request.body);
    try {
      const response = await inner(request);
      learn('received', response.body);
      return response;
    } catch (error) {
      if (request.signal.aborted) counts.aborted += 1;
      throw error;
    }
  };
  return Object.assign(transport, { counts });
}

export interface CrawlResult<T> {
  values: T[];
  error?: unknown;
  /** True when the stream neither completed nor failed in time. */
  hung: boolean;
  durationMs: number;
}

/**
 * Subscribes and waits for completion or error, unsubscribing after `timeoutMs` (a hang is a
 * result, not a stuck test).
 */
export function crawl<T>(source: Observable<T>, timeoutMs: number): Promise<CrawlResult<T>> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const values: T[] = [];
    let subscription: Subscription | undefined;
    let done = false;
    const finish = (result: Omit<CrawlResult<T>, 'values' | 'durationMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription?.unsubscribe();
      resolve({ values, durationMs: Math.round(performance.now() - startedAt), ...result });
    };
    const timer = setTimeout(() => finish({ hung: true }), timeoutMs);
    subscription = source.subscribe({
      next: (value) => values.push(value),
      error: (error: unknown) => finish({ error, hung: false }),
      complete: () => finish({ hung: false }),
    });
    if (done) subscription.unsubscribe();
  });
}

export interface IdComparison {
  expected: number;
  /** Unique ids collected. */
  collected: number;
  lost: string[];
  duplicates: string[];
  unexpected: string[];
}

/** Collected ids against the expected set: what is missing, repeated, or extra. */
export function compareIds(
  expected: readonly string[],
  collected: readonly string[],
): IdComparison {
  const expectedSet = new Set(expected);
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const id of collected) {
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
  }
  return {
    expected: expectedSet.size,
    collected: seen.size,
    lost: [...expectedSet].filter((id) => !seen.has(id)),
    duplicates,
    unexpected: [...seen].filter((id) => !expectedSet.has(id)),
  };
}

/** A small deterministic generator (mulberry32), so kill points are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

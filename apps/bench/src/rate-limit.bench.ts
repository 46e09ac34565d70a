import type { Video } from '@tikrx/core';
import { createResearchClient, q, type RateAdaptationOptions } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { lastValueFrom, toArray } from 'rxjs';
import { addDays } from './days.js';
import type { BenchFigure } from './figure.js';

/**
 * The shared rate's 429 slow-down against a limit the crawl exceeds: the simulator's
 * per-minute limit counted in windows of a second (10 requests a second), a 90-day query at
 * concurrency 8 (8 windows) with 100 ms of latency. The adaptive rate measures its
 * pace over the same second (and recovers every half second, the default's ratio of 30 s to a
 * minute); `rateAdaptation: false` only retries each 429 after its Retry-After.
 */

const PER_WINDOW = 10;
const WINDOW_MS = 1_000;
const LATENCY_MS = 100;
/** The figures of the first runs (the default concurrency was 8 then). */
const CONCURRENCY = 8;

interface Crawl {
  wallMs: number;
  limited: number;
  requests: number;
  videos: number;
}

async function crawl(rateAdaptation: RateAdaptationOptions | false): Promise<Crawl> {
  const sim = await startSimulator({
    seed: 3,
    latencyMs: LATENCY_MS,
    // Told when the limit resets (the real API says nothing): the fixed run waits exactly that.
    quirks: { searchWarmupMs: 0, rateLimitRetryAfter: true },
    limits: { research: { perMinute: PER_WINDOW, rateWindowMs: WINDOW_MS, perDay: 100_000 } },
  });
  try {
    const client = createResearchClient({
      clientKey: SIMULATOR_CREDENTIALS.clientKey,
      clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
      baseUrl: sim.url,
      rateAdaptation,
    });
    const started = performance.now();
    const videos: Video[] = await lastValueFrom(
      client
        .queryVideos({
          query: q.query(q.and(q.eq('hashtag_name', 'fyp'))),
          startDate: addDays(sim.dataset.lastDay, -89),
          endDate: sim.dataset.lastDay,
          concurrency: CONCURRENCY,
        })
        .pipe(toArray()),
    );
    const stats = sim.stats();
    return {
      wallMs: performance.now() - started,
      limited: stats.limited,
      requests: stats.byEndpoint['research.video.query'] ?? 0,
      videos: videos.length,
    };
  } finally {
    await sim.close();
  }
}

export async function run(): Promise<BenchFigure[]> {
  const adaptive = await crawl({ windowMs: WINDOW_MS, recoveryMs: WINDOW_MS / 2 });
  const fixed = await crawl(false);
  const note = (run: Crawl) =>
    `${run.videos} videos, ${run.requests} answered requests, ${(run.wallMs / 1000).toFixed(1)} s`;
  return [
    {
      name: `429s drawn, adaptive rate, ${PER_WINDOW} requests/s limit, 90 days at concurrency ${CONCURRENCY}`,
      value: adaptive.limited,
      unit: '429s',
      note: note(adaptive),
    },
    {
      name: '429s drawn, rateAdaptation: false (retries only)',
      value: fixed.limited,
      unit: '429s',
      note: note(fixed),
    },
    {
      name: 'wall time, adaptive / rateAdaptation: false',
      value: adaptive.wallMs / fixed.wallMs,
      unit: 'ratio',
      note: `${(adaptive.wallMs / 1000).toFixed(1)} s vs ${(fixed.wallMs / 1000).toFixed(1)} s`,
    },
  ];
}

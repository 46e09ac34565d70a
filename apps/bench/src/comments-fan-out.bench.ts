/**
 * The fan-out from videos to their comments: 1,000 videos' comments from a simulator that
 * answers in 300 ms, through `commentsOfVideos` under one shared limiter, at concurrency 1 and
 * 8, and the requests sent against the ideal (one per page each video's comments need).
 */
import { createRateLimiter } from '@tikrx/operators';
import { commentsOfVideos, createResearchClient } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { BenchFigure } from './figure.js';

const VIDEOS = 1_000;
const LATENCY_MS = 300;
const MAX_COUNT = 100;
const COMMENTS_CAP = 1_000;

export async function run(): Promise<BenchFigure[]> {
  const sim = await startSimulator({
    seed: 9,
    latencyMs: LATENCY_MS,
    limits: { research: { perDay: 1_000_000 } },
  });
  try {
    const videoIds = Array.from({ length: VIDEOS }, (_, index) => sim.dataset.video(index * 3).id);
    // One request per page: a video's comments (top 1,000) in pages of 100, at least one.
    const ideal = videoIds.reduce((sum, id) => {
      const count = Math.min(sim.expected.comments(id).length, COMMENTS_CAP);
      return sum + Math.max(1, Math.ceil(count / MAX_COUNT));
    }, 0);
    const expected = videoIds.reduce((sum, id) => sum + sim.expected.comments(id).length, 0);

    const fanOut = async (concurrency: number) => {
      sim.resetStats();
      // One limiter for the whole fan-out, well above what 8 requests at 300 ms can use.
      const limiter = createRateLimiter({ rate: 100, intervalMs: 1_000 });
      const client = createResearchClient({
        clientKey: SIMULATOR_CREDENTIALS.clientKey,
        clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
        baseUrl: sim.url,
        limiter,
      });
      const started = performance.now();
      const comments = await lastValueFrom(
        from(videoIds).pipe(
          commentsOfVideos(client, { concurrency, maxCount: MAX_COUNT }),
          toArray(),
        ),
      );
      const wallMs = performance.now() - started;
      const requests = sim.stats().byEndpoint['research.video.comment.list'] ?? 0;
      if (comments.length !== expected) {
        throw new Error(
          `concurrency ${concurrency}: ${comments.length} comments, expected ${expected}`,
        );
      }
      return { wallMs, requests, comments: comments.length };
    };

    const one = await fanOut(1);
    const eight = await fanOut(8);
    return [
      {
        name: `comments of ${VIDEOS} videos, ${LATENCY_MS} ms/request, concurrency 1`,
        value: Math.round(one.wallMs),
        unit: 'ms',
        note: `${one.comments} comments, ${one.requests} requests`,
      },
      {
        name: `comments of ${VIDEOS} videos, ${LATENCY_MS} ms/request, concurrency 8`,
        value: Math.round(eight.wallMs),
        unit: 'ms',
        note: `${eight.comments} comments, ${eight.requests} requests`,
      },
      {
        name: 'comments fan-out speed-up, concurrency 8 vs 1',
        value: Number((one.wallMs / eight.wallMs).toFixed(2)),
        unit: 'x',
        target: '>= 6x',
      },
      {
        name: 'comments fan-out requests / ideal (concurrency 8)',
        value: Number((eight.requests / ideal).toFixed(3)),
        unit: 'ratio',
        target: '1',
        note: `${eight.requests} sent, ${ideal} ideal (one per page of ${MAX_COUNT}, top ${COMMENTS_CAP} per video)`,
      },
    ];
  } finally {
    await sim.close();
  }
}

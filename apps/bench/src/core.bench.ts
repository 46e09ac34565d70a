/**
 * @tikrx/core figures:
 * - lossless JSON: `parseJsonLossless` throughput over bare `JSON.parse` on the same bytes, a
 *   100-video Research page (target >= 0.7).
 * - transports: pages/s of `undiciTransport` and `fetchTransport` against a node:http server on
 *   127.0.0.1 (in a worker thread, so it does not share the client's event loop).
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fetchTransport, parseJsonLossless, type Transport, undiciTransport } from '@tikrx/core';
import { compareCpuTime } from './cpu-time-ratio.js';
import { type BenchFigure, median } from './figure.js';

const FIXTURES = new URL('../../../packages/core/src/__fixtures__/', import.meta.url);
const PAGES = [
  'research-video-query-page-1-of-2.recorded.json',
  'research-video-query-page-2-of-2.recorded.json',
];

type RawVideo = Record<string, unknown>;

/**
 * A 100-video Research video query page: the recorded videos (54), repeated with varied ids and
 * counts, each with every documented Video Object field; ids as bare 19-digit numbers, as the
 * API sends them.
 */
export function researchPageOf100(): { text: string; ids: string[] } {
  const recorded: RawVideo[] = [];
  for (const name of PAGES) {
    const text = readFileSync(new URL(name, FIXTURES), 'utf8');
    const page = parseJsonLossless(text) as { data: { videos: RawVideo[] } };
    recorded.push(...page.data.videos);
  }
  const videos: RawVideo[] = [];
  for (let i = 0; i < 100; i++) {
    const base = recorded[i % recorded.length]!;
    const round = Math.floor(i / recorded.length);
    videos.push({
      id: String(BigInt(base['id'] as string) + BigInt(round * 1_000_003)),
      create_time: (base['create_time'] as number) + round,
      username: base['username'],
      region_code: base['region_code'],
      video_description: base['video_description'],
      music_id: base['music_id'],
      like_count: (base['like_count'] as number) + i,
      comment_count: base['comment_count'],
      share_count: base['share_count'],
      view_count: (base['view_count'] as number) * 3 + i,
      effect_ids: base['effect_ids'] ?? [],
      hashtag_names: base['hashtag_names'],
      video_mention_list: i % 3 === 0 ? ['someone', 'another.one'] : [],
      playlist_id: String(7300000000000000000n + BigInt(i * 7919)),
      voice_to_text: i % 2 === 0 ? 'so this is my cat and she is the boss of the house' : '',
      is_stem_verified: i % 10 === 0,
      video_duration: 5 + (i % 55),
      favourites_count: i * 2,
    });
  }
  const page = {
    data: { videos, cursor: 100, has_more: true, search_id: '7354367454467855403' },
    error: { code: 'ok', message: '', log_id: '20240405132544A8A35938AA061A19F445' },
  };
  const text = JSON.stringify(page).replace(/"(id|music_id|playlist_id)":"(\d+)"/g, '"$1":$2');
  return { text, ids: videos.map((v) => v['id'] as string) };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Throughput of parseJsonLossless over JSON.parse: warm-up, then interleaved rounds, median. */
function losslessParseFigures(text: string, ids: string[]): BenchFigure[] {
  const parsed = parseJsonLossless(text) as { data: { videos: { id: unknown }[] } };
  const got = parsed.data.videos.map((v) => v.id);
  if (JSON.stringify(got) !== JSON.stringify(ids)) throw new Error('lossless parse lost digits');

  const { ratio, baselineNs, candidateNs, rounds, perRound } = compareCpuTime(
    JSON.parse,
    parseJsonLossless,
    text,
  );
  const bytes = Buffer.byteLength(text);
  const mbPerSec = (nsPerParse: number) => bytes / 1e6 / (nsPerParse / 1e9);
  return [
    {
      name: 'lossless parse throughput / JSON.parse',
      value: ratio,
      unit: 'ratio',
      target: '>= 0.7',
      note: `100-video Research page, ${(bytes / 1024).toFixed(0)} KiB; CPU time, median of ${rounds} interleaved rounds of ${perRound}`,
    },
    {
      name: 'lossless parse',
      value: mbPerSec(candidateNs),
      unit: 'MB/s',
      note: `JSON.parse: ${mbPerSec(baselineNs).toFixed(0)} MB/s`,
    },
  ];
}

/** A keep-alive node:http server in a worker thread that answers every request with `body`. */
async function startPageServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const source = `
    const { createServer } = require('node:http');
    const { parentPort, workerData } = require('node:worker_threads');
    const body = Buffer.from(workerData.body);
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      });
    });
    server.keepAliveTimeout = 30000;
    const sockets = new Set();
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => {
      for (const s of sockets) s.destroy();
      server.close(() => parentPort.close());
    });
  `;
  const worker = new Worker(source, { eval: true, workerData: { body } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}/v2/research/video/query/`,
    close: async () => {
      worker.postMessage('close');
      await worker.terminate();
    },
  };
}

/** Sends `total` requests, `concurrency` at a time; returns pages per second. */
async function pagesPerSecond(
  transport: Transport,
  url: string,
  total: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const response = await transport({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{"max_count":100}',
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status !== 200 || response.body.length < 1000) {
        throw new Error(`unexpected response ${response.status}`);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - started) / 1000);
}

async function transportFigures(text: string): Promise<BenchFigure[]> {
  const server = await startPageServer(text);
  try {
    const transports: Record<'undici' | 'fetch', Transport> = {
      undici: undiciTransport(),
      fetch: fetchTransport(),
    };
    const concurrency = 8;
    const perRound = 1500;
    for (const transport of Object.values(transports)) {
      await pagesPerSecond(transport, server.url, 300, concurrency);
    }
    const rates = { undici: [] as number[], fetch: [] as number[] };
    const ratios: number[] = [];
    for (let round = 0; round < 5; round++) {
      gc?.();
      const order =
        round % 2 === 0 ? (['undici', 'fetch'] as const) : (['fetch', 'undici'] as const);
      const rate: Record<string, number> = {};
      for (const name of order) {
        rate[name] = await pagesPerSecond(transports[name], server.url, perRound, concurrency);
        rates[name].push(rate[name]);
      }
      ratios.push(rate['undici']! / rate['fetch']!);
    }
    const note = `${concurrency} concurrent, keep-alive, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB page, transport only (no parse); median of 5 interleaved rounds of ${perRound}`;
    return [
      { name: 'transport pages/s undici / fetch', value: median(ratios), unit: 'ratio', note },
      { name: 'undiciTransport', value: median(rates.undici), unit: 'pages/s', note: 'loopback' },
      { name: 'fetchTransport', value: median(rates.fetch), unit: 'pages/s', note: 'loopback' },
    ];
  } finally {
    await server.close();
  }
}

export async function run(): Promise<BenchFigure[]> {
  const { text, ids } = researchPageOf100();
  return [...losslessParseFigures(text, ids), ...(await transportFigures(text))];
}

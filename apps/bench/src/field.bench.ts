import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SIMULATOR_CREDENTIALS,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '@tikrx/simulator';
import { addDays } from './days.js';
import type { BenchFigure } from './figure.js';

/**
 * The Research API as the field reports it, through the `tikrx` command: its default settings
 * against the peers' strategy (30-day windows one after the other, 100 a page: TikTok's
 * wrapper and traktok; the same command with `--concurrency 1`), and what finishing a crawl
 * costs with the search warm-up on and a day that always fails.
 */

const LATENCY_MS = 300;
/** 50,000 videos over 90 days: about 10,000 with #fyp. */
const DATASET_SIZE = 50_000;
const SEED = 3;
/** The built command (`pnpm bench` builds it): what a user runs, with its real start-up. */
const BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));

interface CliRun {
  wallMs: number;
  videos: number;
  requests: number;
  code: number;
}

/** Runs `tikrx research` against `sim`, as a user would; counts the lines it writes. */
function tikrx(sim: Simulator, args: string[]): Promise<CliRun> {
  sim.resetStats();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [BIN, 'research', ...args, '--base-url', sim.url, '--quiet'],
    {
      env: {
        ...process.env,
        TIKTOK_CLIENT_KEY: SIMULATOR_CREDENTIALS.clientKey,
        TIKTOK_CLIENT_SECRET: SIMULATOR_CREDENTIALS.clientSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let videos = 0;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) videos++;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const requests = sim.stats().byEndpoint['research.video.query'] ?? 0;
      // Exit 1 is a crawl that left gap days; one that wrote no video at all is a command that
      // failed (it did not start, say, on stale dependencies): its figures would mean nothing.
      if (code !== 0 && (code !== 1 || videosWritten(stderr) === 0)) {
        reject(new Error(`tikrx exited ${code}: ${stderr}`));
      } else resolve({ wallMs: performance.now() - started, videos, requests, code: code ?? 1 });
    });
  });
}

/** The shortest any Node process lives here: `node -e ''`, the fastest of three. */
async function nodeStartUpMs(): Promise<number> {
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`node -e '' exited ${code}`);
    runs.push(performance.now() - started);
  }
  return Math.min(...runs);
}

/**
 * The best wall-time ratio any client could reach against `peers` with `requests` pages at
 * `concurrency`: with no more than `concurrency` requests in flight, the pages take at least
 * ceil(requests / concurrency) rounds of the latency, after a token request (one more) and
 * Node's start-up; everything else (loading modules, handling pages, the simulator's own work)
 * counted as free.
 */
function ceilingRatio(peers: CliRun, run: CliRun, concurrency: number, startMs: number) {
  const rounds = Math.ceil(run.requests / concurrency);
  const floorMs = startMs + (1 + rounds) * LATENCY_MS;
  return { rounds, floorMs, ratio: peers.wallMs / floorMs };
}

/** The videos a run's closing summary says it wrote (to stdout or `--out`); 0 without one. */
function videosWritten(stderr: string): number {
  const count = /^\w[^:\n]*: ([\d,]+) videos · /m.exec(stderr)?.[1];
  return count === undefined ? 0 : Number(count.replaceAll(',', ''));
}

async function withSim<T>(options: SimulatorOptions, run: (sim: Simulator) => Promise<T>) {
  const sim = await startSimulator({
    seed: SEED,
    size: DATASET_SIZE,
    latencyMs: LATENCY_MS,
    limits: { research: { perDay: 100_000 } },
    ...options,
  });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

/** The 90 days that end on the dataset's last day (the command takes YYYYMMDD too). */
function range(sim: Simulator): string[] {
  const end = sim.dataset.lastDay;
  return ['--hashtag', 'fyp', '--from', addDays(end, -89), '--to', end];
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  // 1. Speed and requests, the warm-up off (it costs every strategy a fixed few seconds a window).
  const speed = await withSim({ quirks: { searchWarmupMs: 0 } }, async (sim) => {
    const args = range(sim);
    const peers = await tikrx(sim, [...args, '--concurrency', '1']);
    const defaults = await tikrx(sim, args);
    const sixteen = await tikrx(sim, [...args, '--concurrency', '16']);
    // A plan that leaves slots idle: 3 windows of 30 days for 16 slots; work stealing cuts them.
    const stealing = await tikrx(sim, [...args, '--concurrency', '16', '--window-days', '30']);
    return { peers, defaults, sixteen, stealing, startMs: await nodeStartUpMs() };
  });
  const { peers, defaults, sixteen, stealing, startMs } = speed;
  const ceiling = ceilingRatio(peers, sixteen, 16, startMs);
  const describe = (r: CliRun) =>
    `${r.videos} videos, ${r.requests} requests, ${(r.wallMs / 1000).toFixed(1)} s`;
  figures.push(
    {
      name: `tikrx research defaults vs peers' strategy (--concurrency 1), 90 days, ${LATENCY_MS} ms: wall time`,
      value: Number((peers.wallMs / defaults.wallMs).toFixed(2)),
      unit: 'x',
      target: '>= 6x',
      note: `defaults: ${describe(defaults)}; peers: ${describe(peers)}`,
    },
    {
      name: 'tikrx research --concurrency 16 vs peers: wall time',
      value: Number((peers.wallMs / sixteen.wallMs).toFixed(2)),
      unit: 'x',
      target: '>= 12x',
      note: `--concurrency 16: ${describe(sixteen)}`,
    },
    {
      name: '--concurrency 16 vs peers: the most any Node client could reach here (no time but start-up and latency)',
      value: Number(ceiling.ratio.toFixed(2)),
      unit: 'x',
      note: `${sixteen.requests} pages at 16 at once: >= ${ceiling.rounds} rounds of ${LATENCY_MS} ms after the token's, and ${Math.round(startMs)} ms of Node's start-up: >= ${(ceiling.floorMs / 1000).toFixed(2)} s. The run reached ${((100 * ceiling.floorMs) / sixteen.wallMs).toFixed(0)}% of that speed; 12x needs ${((1200 * ceiling.floorMs) / peers.wallMs).toFixed(0)}%`,
    },
    {
      name: 'work stealing: --concurrency 16 --window-days 30 (3 windows, 13 free slots) vs peers: wall time',
      value: Number((peers.wallMs / stealing.wallMs).toFixed(2)),
      unit: 'x',
      note: `${describe(stealing)} (${(stealing.requests / peers.requests).toFixed(3)}x the requests); the same plan without cuts is the peers' strategy run 3 at a time (<= 3x)`,
    },
    {
      name: 'tikrx research defaults vs peers: requests',
      value: Number((defaults.requests / peers.requests).toFixed(3)),
      unit: 'x',
      target: '<= 1.05x',
      note: `--concurrency 16: ${(sixteen.requests / peers.requests).toFixed(3)}x`,
    },
  );
  if (
    defaults.videos !== peers.videos ||
    sixteen.videos !== peers.videos ||
    stealing.videos !== peers.videos
  ) {
    throw new Error(
      `the crawls disagree: ${defaults.videos}, ${sixteen.videos}, ${stealing.videos}, ${peers.videos} videos`,
    );
  }

  // 2. Finishing a crawl with the field's warm-up (3 s a search) and one day that always
  // fails: the first run leaves the day as a gap, a rerun from the checkpoint once it heals.
  const dir = mkdtempSync(join(tmpdir(), 'tikrx-field-bench-'));
  try {
    const ideal = await withSim({ quirks: { searchWarmupMs: 0 } }, (sim) => tikrx(sim, range(sim)));
    const checkpoint = [
      '--checkpoint',
      join(dir, 'crawl.checkpoint.json'),
      '--out',
      join(dir, 'videos.ndjson'),
    ];
    const failingDay = await withSim({}, async (sim) => addDays(sim.dataset.lastDay, -40));
    const first = await withSim({ quirks: { failingDays: [failingDay] } }, (sim) =>
      tikrx(sim, [...range(sim), ...checkpoint]),
    );
    const healed = await withSim({}, (sim) => tikrx(sim, [...range(sim), ...checkpoint]));
    const spent = first.requests + healed.requests;
    const written = readFileSync(join(dir, 'videos.ndjson'), 'utf8').split('\n').filter(Boolean);
    figures.push({
      name: 'requests to finish a crawl with warm-up (3 s) and one failing day vs the ideal',
      value: Number((spent / ideal.requests).toFixed(3)),
      unit: 'x',
      note: `${spent} requests (${first.requests} with the day failing, exit ${first.code}; ${healed.requests} after it healed) vs ${ideal.requests} with neither; ${written.length} vs ${ideal.videos} videos`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

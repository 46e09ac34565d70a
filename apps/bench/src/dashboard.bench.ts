/**
 * What `--dashboard` costs a crawl: the same `tikrx research --simulator` crawl with and
 * without it, a page's event stream connected throughout, interleaved rounds in one run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { interrupt, readDashboardEvents } from './dashboard-client.js';
import { type BenchFigure, median } from './figure.js';

const ROUNDS = 8;
const LATENCY_MS = 5;
/** Every US/GB video of 90 days of a 60,000-video dataset: ~16,000 videos, ~200 pages. */
const CRAWL = [
  'research',
  '--simulator',
  ...['--sim-seed', '3', '--sim-size', '60000', '--sim-latency', String(LATENCY_MS)],
  ...[
    '--query',
    '{"and":[{"field_name":"region_code","operation":"IN","field_values":["US","GB"]}]}',
  ],
  ...['--from', '2023-01-01', '--to', '2023-03-31', '--concurrency', '4', '--quiet'],
];

const bin = join(
  dirname(createRequire(import.meta.url).resolve('@tikrx/cli/package.json')),
  'dist/bin.js',
);

interface Crawl {
  wallMs: number;
  /** CPU time of the tikrx process (its embedded simulator included), user + system. */
  cpuMs: number;
  summary: string;
  /** Server-Sent Events messages the connected page received. */
  messages: number;
}

/** Runs one crawl; with the dashboard, a client reads its event stream until the crawl ends. */
async function crawl(out: string, dashboard: boolean): Promise<Crawl> {
  const args = [bin, ...CRAWL, '--out', out, ...(dashboard ? ['--dashboard'] : [])];
  const started = performance.now();
  const cpuBefore = childrenCpuMs();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let messages = 0;
  let connected = false;
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const done = new Promise<Crawl>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /^dashboard: (http:\S+\/)$/m.exec(stderr);
      if (url !== null && !connected) {
        connected = true;
        readDashboardEvents(`${url[1]}events`, () => messages++);
      }
      const summary = /^done: (.*)$/m.exec(stderr);
      if (summary !== null) {
        const wallMs = performance.now() - started;
        // SIGINT at once: with --dashboard the process would wait for it, idle.
        child.kill('SIGINT');
        resolve({ wallMs, cpuMs: 0, summary: summary[1]!, messages });
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`tikrx exited ${code} before its summary: ${stderr}`)),
    );
  });
  try {
    const result = await done;
    await exited;
    return { ...result, cpuMs: childrenCpuMs() - cpuBefore };
  } finally {
    await interrupt(child);
  }
}

/**
 * CPU time of this process's exited children (`cutime + cstime` of /proc/self/stat, in
 * clock ticks of 10 ms): one crawl's is the difference across it. Wall time on a shared
 * machine measures the neighbours too; CPU time is what the dashboard itself costs.
 */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5), counted from 1; the slice starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

export async function run(): Promise<BenchFigure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tikrx-dashboard-bench-'));
  try {
    // A warm-up of each, then interleaved pairs: the machine's drift hits both alike.
    await crawl(join(dir, 'warm.ndjson'), false);
    await crawl(join(dir, 'warm-dashboard.ndjson'), true);
    const without: number[] = [];
    const withDashboard: number[] = [];
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let last: Crawl | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      // ABBA: which of the pair runs first alternates, so an order effect cancels out.
      let plain: Crawl;
      if (round % 2 === 0) {
        plain = await crawl(join(dir, `plain-${round}.ndjson`), false);
        last = await crawl(join(dir, `dashboard-${round}.ndjson`), true);
      } else {
        last = await crawl(join(dir, `dashboard-${round}.ndjson`), true);
        plain = await crawl(join(dir, `plain-${round}.ndjson`), false);
      }
      if (plain.summary.split(' ')[0] !== last.summary.split(' ')[0]) {
        throw new Error(`the crawls differ: ${plain.summary} / ${last.summary}`);
      }
      without.push(plain.wallMs);
      withDashboard.push(last.wallMs);
      ratios.push(last.wallMs / plain.wallMs);
      cpuRatios.push(last.cpuMs / plain.cpuMs);
      process.stderr.write(
        `pair ${round}: wall ${Math.round(plain.wallMs)} / ${Math.round(last.wallMs)} ms, cpu ${plain.cpuMs} / ${last.cpuMs} ms\n`,
      );
    }
    const overhead = (median(ratios) - 1) * 100;
    const cpuOverhead = (median(cpuRatios) - 1) * 100;
    return [
      {
        name: 'research crawl wall time, without --dashboard',
        value: Math.round(median(without)),
        unit: 'ms',
        note: `${last?.summary.split(' · ').slice(0, 2).join(', ')}; simulator at ${LATENCY_MS} ms/request, concurrency 4; process start included`,
      },
      {
        name: 'research crawl wall time, with --dashboard and a connected page',
        value: Math.round(median(withDashboard)),
        unit: 'ms',
        note: `the page's event stream got ${last?.messages} state messages`,
      },
      {
        name: 'cost of --dashboard to the crawl',
        value: Number(overhead.toFixed(1)),
        unit: '% wall time',
        target: '< 5',
        note: `median of ${ROUNDS} interleaved pairs (ABBA) of ratios; on a busy shared machine this mostly measures the neighbours`,
      },
      {
        name: 'cost of --dashboard to the crawl, CPU time',
        value: Number(cpuOverhead.toFixed(1)),
        unit: '% CPU time',
        target: '< 5',
        note: `the tikrx process's user + system time (its embedded simulator included), median of ${ROUNDS} pairs`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

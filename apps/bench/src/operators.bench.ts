import { createIdStore, createRateLimiter } from '@tikrx/operators';
import { firstValueFrom } from 'rxjs';
import type { BenchFigure } from './figure.js';

const IDS = 10_000_000;

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

/** Distinct 19-digit ids like TikTok's, spread over the 64-bit range by a multiplier. */
function idAt(i: number): string {
  return String(7_000_000_000_000_000_000n + BigInt(i) * 104_729n);
}

function measureIdStore(): BenchFigure[] {
  const before = heapUsed();
  const store = createIdStore({ expectedSize: 1 });
  const started = performance.now();
  for (let i = 0; i < IDS; i += 1) store.add(idAt(i));
  const addSeconds = (performance.now() - started) / 1000;
  const bytes = heapUsed() - before;
  // checks: half present, half absent
  const checks = 2_000_000;
  const probes = Array.from({ length: checks }, (_, i) => idAt(i % 2 === 0 ? i : IDS + i));
  const checkStarted = performance.now();
  let hits = 0;
  for (const probe of probes) if (store.has(probe)) hits += 1;
  const checkSeconds = (performance.now() - checkStarted) / 1000;
  if (hits !== checks / 2)
    throw new Error(`id store answered ${hits} hits, expected ${checks / 2}`);
  return [
    {
      name: 'dedupe id store: bytes per id (10 M distinct ids)',
      value: round(bytes / IDS),
      unit: 'B/id',
      target: '<= 16',
      note: `heap + array buffers delta${gc ? '' : ' (no --expose-gc: noisy)'}; table ${round(store.byteLength / IDS)} B/id`,
    },
    {
      name: 'dedupe id store: has() checks per second',
      value: Math.round(checks / checkSeconds),
      unit: 'checks/s',
      note: `2 M probes, half present; adds ${Math.round(IDS / addSeconds)}/s`,
    },
  ];
}

function measureStringSet(): BenchFigure[] {
  // The strings count too: a Set<string> of ids parsed from JSON owns them.
  const before = heapUsed();
  const ids = Array.from({ length: IDS }, (_, i) => idAt(i));
  const withStrings = heapUsed();
  const set = new Set<string>();
  for (const id of ids) set.add(id);
  const withSet = heapUsed();
  // The array that held the strings (8 bytes a slot) is the bench's, not the Set's.
  const stringBytes = withStrings - before - 8 * IDS;
  const setBytes = withSet - withStrings;
  // Fresh strings, as ids parsed from a response are: V8 caches a string's hash on the string.
  const checks = 2_000_000;
  const probes = Array.from({ length: checks }, (_, i) => idAt(i % 2 === 0 ? i : IDS + i));
  const checkStarted = performance.now();
  let hits = 0;
  for (const probe of probes) if (set.has(probe)) hits += 1;
  const checkSeconds = (performance.now() - checkStarted) / 1000;
  if (hits !== checks / 2) throw new Error('Set lost ids');
  return [
    {
      name: 'Set<string> on the same 10 M ids: bytes per id',
      value: round((setBytes + stringBytes) / IDS),
      unit: 'B/id',
      note: `Set ${round(setBytes / IDS)} B/id + the 19-char strings ${round(stringBytes / IDS)} B/id`,
    },
    {
      name: 'Set<string> on the same ids: has() checks per second',
      value: Math.round(checks / checkSeconds),
      unit: 'checks/s',
      note: '2 M fresh probe strings, half present',
    },
  ];
}

async function measureLimiterOverhead(): Promise<BenchFigure[]> {
  const limiter = createRateLimiter({ rate: 1e12, intervalMs: 1, burst: 1e12 });
  const acquires = 200_000;
  for (let i = 0; i < 10_000; i += 1) (await firstValueFrom(limiter.acquire())).release();
  const started = performance.now();
  for (let i = 0; i < acquires; i += 1) {
    limiter.acquire().subscribe((permit) => permit.release());
  }
  const microseconds = ((performance.now() - started) * 1000) / acquires;
  return [
    {
      name: 'rate limiter: overhead per acquire + release (no wait)',
      value: round(microseconds),
      unit: 'µs',
      note: 'subscribe to acquire(), permit granted at once, released',
    },
  ];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export async function run(): Promise<BenchFigure[]> {
  const figures = measureIdStore();
  figures.push(...measureStringSet());
  figures.push(...(await measureLimiterOverhead()));
  return figures;
}

import { median } from './figure.js';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * CPU time (user + system, ns) of `times` calls. CPU time rather than wall time: this is
 * single-threaded work, and on a shared machine wall time mostly measures the neighbours.
 */
function cpuTimeNs(work: (text: string) => unknown, text: string, times: number): number {
  const started = process.cpuUsage();
  let sink = 0;
  for (let i = 0; i < times; i++) sink += (work(text) as object) === null ? 1 : 0;
  const used = process.cpuUsage(started);
  if (sink !== 0) throw new Error('unreachable');
  return (used.user + used.system) * 1000;
}

export interface CpuTimeComparison {
  /** Throughput of `candidate` over `baseline` (baseline time / candidate time), median. */
  ratio: number;
  baselineNs: number;
  candidateNs: number;
  rounds: number;
  perRound: number;
}

/**
 * Compares two functions of the same input in one run: warm-up, then interleaved rounds
 * (alternating which goes first, so neither always runs right after a GC), medians.
 */
export function compareCpuTime(
  baseline: (text: string) => unknown,
  candidate: (text: string) => unknown,
  text: string,
  { rounds = 15, perRound = 300 }: { rounds?: number; perRound?: number } = {},
): CpuTimeComparison {
  cpuTimeNs(baseline, text, perRound * 3);
  cpuTimeNs(candidate, text, perRound * 3);
  const ratios: number[] = [];
  const baselineNs: number[] = [];
  const candidateNs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    gc?.();
    const baselineFirst = round % 2 === 0;
    const first = cpuTimeNs(baselineFirst ? baseline : candidate, text, perRound);
    const second = cpuTimeNs(baselineFirst ? candidate : baseline, text, perRound);
    const base = baselineFirst ? first : second;
    const cand = baselineFirst ? second : first;
    baselineNs.push(base / perRound);
    candidateNs.push(cand / perRound);
    ratios.push(base / cand);
  }
  return {
    ratio: median(ratios),
    baselineNs: median(baselineNs),
    candidateNs: median(candidateNs),
    rounds,
    perRound,
  };
}

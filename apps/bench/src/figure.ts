/** One measured number, as a row of the `pnpm bench` table. */
export interface BenchFigure {
  /** What was measured, e.g. `lossless parse / JSON.parse`. */
  name: string;
  value: number;
  /** `ratio`, `pages/s`, `ms`, `MB`… */
  unit: string;
  /** What the figure should be, as text: `>= 0.7`. */
  target?: string;
  note?: string;
}

/** What every `*.bench.ts` exports. */
export type BenchRun = () => Promise<BenchFigure[]>;

/** The median of `values` (which it sorts in place). */
export function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const middle = values.length >> 1;
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

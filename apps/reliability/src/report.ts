import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Scratch space of the suite (git-ignored): figures, output files, checkpoints, scripts. */
export const TMP_DIR = fileURLToPath(new URL('../.tmp/', import.meta.url));
const FIGURES_DIR = join(TMP_DIR, 'figures');

/** What the suite measured. Every count adds up across tests and files. */
export interface ReliabilityFigures {
  /** Injected by the simulator, by fault kind (from `sim.stats().faults`). */
  faultsByKind: Record<string, number>;
  /** Requests the fault-injecting simulators answered (chaos crawls). */
  requests: number;
  /** `retry` events the clients reported (or the CLI summary counted). */
  retries: number;
  /** Crawls run to the end (chaos crawls and CLI crawls). */
  crawls: number;
  videosExpected: number;
  videosCollected: number;
  /** Expected ids that never arrived. */
  lost: number;
  /** Ids that arrived more than once (in a stream or an output file). */
  duplicates: number;
  /** Ids that arrived but were not expected. */
  unexpected: number;
  /** SIGKILLs of the CLI mid-crawl. */
  kills: number;
  /** Reruns from a checkpoint after a kill. */
  resumes: number;
  /** Pages requested again after a resume. */
  refetchedPages: number;
  /** Bad inputs given to factories, methods and CLI flags. */
  badInputsTried: number;
  /** ...of which were refused as `bad_request` / exit 2 with no request sent. */
  badInputsRefused: number;
  /** Texts searched for planted secrets (errors, events, log lines, stderr, files). */
  textsScanned: number;
  /** Planted secrets found in any of them. */
  secretsFound: number;
  /** Unsubscribe / SIGINT mid-request checks. */
  cancellations: number;
}

export function emptyFigures(): ReliabilityFigures {
  return {
    faultsByKind: {},
    requests: 0,
    retries: 0,
    crawls: 0,
    videosExpected: 0,
    videosCollected: 0,
    lost: 0,
    duplicates: 0,
    unexpected: 0,
    kills: 0,
    resumes: 0,
    refetchedPages: 0,
    badInputsTried: 0,
    badInputsRefused: 0,
    textsScanned: 0,
    secretsFound: 0,
    cancellations: 0,
  };
}

export type FiguresDelta = Partial<ReliabilityFigures>;

/** Adds `delta` into `into` (counts add, fault kinds add per kind). */
export function addFigures(into: ReliabilityFigures, delta: FiguresDelta): ReliabilityFigures {
  for (const [key, value] of Object.entries(delta) as [keyof ReliabilityFigures, unknown][]) {
    if (key === 'faultsByKind') {
      for (const [kind, count] of Object.entries(value as Record<string, number>)) {
        into.faultsByKind[kind] = (into.faultsByKind[kind] ?? 0) + count;
      }
    } else if (typeof value === 'number') {
      into[key] += value;
    }
  }
  return into;
}

/**
 * The figures of one test file. Each file runs in its own worker, so each keeps its own total
 * and rewrites its own JSON file; the report sums the files.
 */
export function createRecorder(testFile: string): (delta: FiguresDelta) => void {
  const part = basename(testFile).replace(/\.reliability\.test\.[jt]s$/, '');
  const total = emptyFigures();
  return (delta) => {
    addFigures(total, delta);
    mkdirSync(FIGURES_DIR, { recursive: true });
    writeFileSync(join(FIGURES_DIR, `${part}.json`), JSON.stringify(total, null, 2));
  };
}

export function clearFigures(): void {
  rmSync(FIGURES_DIR, { recursive: true, force: true });
}

/** The figures each file recorded, by file. */
export function readFigures(): Map<string, ReliabilityFigures> {
  const byPart = new Map<string, ReliabilityFigures>();
  let names: string[] = [];
  try {
    names = readdirSync(FIGURES_DIR).filter((name) => name.endsWith('.json'));
  } catch {
    return byPart;
  }
  for (const name of names.sort()) {
    const figures = JSON.parse(readFileSync(join(FIGURES_DIR, name), 'utf8')) as ReliabilityFigures;
    byPart.set(name.replace(/\.json$/, ''), addFigures(emptyFigures(), figures));
  }
  return byPart;
}

export function sumFigures(byPart: Map<string, ReliabilityFigures>): ReliabilityFigures {
  const total = emptyFigures();
  for (const figures of byPart.values()) addFigures(total, figures);
  return total;
}

/** The report table, as printed at the end of the suite. */
export function formatReport(byPart: Map<string, ReliabilityFigures>): string {
  const total = sumFigures(byPart);
  const faultKinds = Object.entries(total.faultsByKind).sort(([a], [b]) => a.localeCompare(b));
  const faultsTotal = faultKinds.reduce((sum, [, count]) => sum + count, 0);
  const rows: [string, string][] = [
    ['parts run', [...byPart.keys()].join(', ') || '(none)'],
    ['requests served under faults', String(total.requests)],
    [
      'faults injected',
      `${faultsTotal}${total.requests > 0 ? ` (${((100 * faultsTotal) / total.requests).toFixed(1)}% of requests)` : ''}`,
    ],
    ...faultKinds.map(([kind, count]): [string, string] => [`  ${kind}`, String(count)]),
    ['retries', String(total.retries)],
    ['crawls completed', String(total.crawls)],
    ['videos expected', String(total.videosExpected)],
    ['videos collected (unique)', String(total.videosCollected)],
    ['lost', String(total.lost)],
    ['duplicated', String(total.duplicates)],
    ['unexpected', String(total.unexpected)],
    ['SIGKILLs / resumes', `${total.kills} / ${total.resumes}`],
    ['pages re-fetched after resume', String(total.refetchedPages)],
    ['bad inputs tried / refused', `${total.badInputsTried} / ${total.badInputsRefused}`],
    ['cancellations checked', String(total.cancellations)],
    ['texts scanned for secrets', String(total.textsScanned)],
    ['secrets found', String(total.secretsFound)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const rule = `  ${'-'.repeat(width + 12)}`;
  return ['', '  tikrx reliability report', rule, ...lines, rule, ''].join('\n');
}

import { describe, expect, it } from 'vitest';
import { formatReport, readFigures, sumFigures } from './report.js';

/**
 * Runs last (the suite's sequencer orders files by name): the promise of issue #8 as numbers.
 * The table itself is printed by the global teardown, after every file.
 */
describe('reliability report', () => {
  const byPart = readFigures();
  const total = sumFigures(byPart);
  // When a single file is run on its own, only its figures exist: check what was measured.
  const ranEverything = byPart.size >= 5;

  it('measured something', () => {
    console.log(formatReport(byPart));
    expect(byPart.size).toBeGreaterThan(0);
  });

  it('lost nothing, duplicated nothing, collected nothing unexpected', () => {
    expect({
      lost: total.lost,
      duplicates: total.duplicates,
      unexpected: total.unexpected,
    }).toEqual({
      lost: 0,
      duplicates: 0,
      unexpected: 0,
    });
    if (ranEverything) {
      expect(total.videosExpected).toBeGreaterThan(0);
      expect(total.videosCollected).toBe(total.videosExpected);
    }
  });

  it('found no secret in any error, event, log line, stderr or file', () => {
    expect(total.secretsFound).toBe(0);
    if (ranEverything) expect(total.textsScanned).toBeGreaterThan(100);
  });

  it('refused every bad input', () => {
    expect(total.badInputsRefused).toBe(total.badInputsTried);
    if (ranEverything) expect(total.badInputsTried).toBeGreaterThan(50);
  });

  it.runIf(ranEverything)('injected faults at 20% or more, and survived resumes', () => {
    const faults = Object.values(total.faultsByKind).reduce((sum, n) => sum + n, 0);
    expect(faults / total.requests).toBeGreaterThanOrEqual(0.2);
    expect(total.kills).toBeGreaterThanOrEqual(5);
    expect(total.resumes).toBeGreaterThanOrEqual(5);
    expect(total.refetchedPages).toBeLessThanOrEqual(total.resumes);
  });
});

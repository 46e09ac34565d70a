import type { ProgressSnapshot } from '@tikrx/operators';

/** A progress summary for the dashboard's tests: one page a request, `overrides` on top. */
export function testSnapshot(
  videos: number,
  requests: number,
  overrides: Partial<ProgressSnapshot> = {},
): ProgressSnapshot {
  return {
    requests,
    responses: requests,
    pages: requests,
    videosReceived: videos,
    videos,
    duplicates: 0,
    retries: 0,
    waitedMs: 0,
    credits: 0,
    errors: {},
    elapsedMs: 0,
    ...overrides,
  };
}

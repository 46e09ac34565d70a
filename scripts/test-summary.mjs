// Sums every package's vitest JSON report into one closing line that CI reads:
// "tests: N passed, N failed" (a test run on three Node versions counts three times). Exits non-zero when a test failed or none ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    // `.vitest-result.json` (pnpm test), `.vitest-result.node22.json` and `.node24.json`
    // (scripts/test-node-versions.mjs), `.vitest-reliability.json` (the reliability suite).
    const reports = readdirSync(dir).filter((f) => /^\.vitest-.*\.json$/.test(f));
    for (const file of reports.sort()) {
      const path = join(dir, file);
      const report = JSON.parse(readFileSync(path, 'utf8'));
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      rows.push(
        `${group}/${name}/${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
      );
    }
  }
}
for (const row of rows) console.log(`  ${row}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

// Consumer tests: what a user's project sees after `npm install @tikrx/...`. Packs every
// publishable workspace package, installs the tarballs with npm into a fresh project outside
// the workspace, and there: type-checks a consumer file and the README examples (node16 and
// bundler resolution), imports and requires every package on Node 20, 22 and 24, runs the README
// examples marked `run`, and runs every bin with --help. Expects `pnpm build` to have run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installConsumer } from './consumer/consumer-project.mjs';
import { checkLoading } from './consumer/load-checks.mjs';
import { packAll } from './consumer/pack.mjs';
import { readmeExamples } from './consumer/readme-examples.mjs';
import { runBins, runExamples } from './consumer/run-checks.mjs';
import { typeCheck } from './consumer/type-check.mjs';
import { nodeBinDir } from './node-binary.mjs';
import { publishablePackages } from './workspace-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const packages = publishablePackages();
// Libraries are what a user imports: packages with a main entry (the CLI has only a bin).
const libraries = packages.filter((p) => p.manifest.exports?.['.']).map((p) => p.manifest.name);
const examples = readmeExamples(root, packages);
const missing = packages.filter(
  (p) => libraries.includes(p.manifest.name) && !examples.some((e) => e.name === p.manifest.name),
);
if (missing.length > 0) {
  throw new Error(
    `README without a marked example: ${missing.map((p) => p.manifest.name).join(', ')} ` +
      '(put <!-- consumer-test: run --> or <!-- consumer-test: typecheck --> above a ```ts block)',
  );
}

const dir = mkdtempSync(join(tmpdir(), 'tikrx-consumer-'));
try {
  mkdirSync(join(dir, 'tarballs'));
  const packed = packAll(packages, join(dir, 'tarballs'));
  console.log(`packed ${packed.map((p) => `${p.name}@${p.version}`).join(', ')}`);
  installConsumer(dir, packed, {
    typescript: rootManifest.devDependencies.typescript,
    '@types/node': rootManifest.devDependencies['@types/node'],
  });
  typeCheck(dir, libraries, examples);
  checkLoading(dir, libraries, [
    process.execPath,
    ...['22', '24'].map((m) => join(nodeBinDir(m), 'node')),
  ]);
  runExamples(dir, examples);
  runBins(dir, packages);
  const typeOnly = examples.filter((e) => e.mode === 'typecheck').length;
  console.log(
    `consumer tests: ${packed.length} packages, ${examples.length - typeOnly} README examples run, ${typeOnly} type-checked only`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

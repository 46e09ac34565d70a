// The layers of ARCHITECTURE.md, checked over every workspace's package.json and imports.
// Fails (exit 1) on: a source package importing another source; core or operators importing a
// source (or anything above them); socialfetch importing the TikTok platform layer; a published
// package importing @tikrx/simulator or @tikrx/testing outside its tests (the CLI's
// --simulator aside); and an import of a workspace package that package.json does not declare.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

const SOURCES = ['@tikrx/display', '@tikrx/research', '@tikrx/socialfetch'];
const TEST_ONLY = ['@tikrx/simulator', '@tikrx/testing'];

/** What each layer below the sources may import; packages not listed are checked by the general rules. */
const MAY_IMPORT = {
  '@tikrx/core': [],
  '@tikrx/operators': ['@tikrx/core'],
  '@tikrx/tiktok-platform': ['@tikrx/core', '@tikrx/operators'],
  '@tikrx/display': ['@tikrx/core', '@tikrx/operators', '@tikrx/tiktok-platform'],
  '@tikrx/research': ['@tikrx/core', '@tikrx/operators', '@tikrx/tiktok-platform'],
  '@tikrx/socialfetch': ['@tikrx/core', '@tikrx/operators'],
  '@tikrx/simulator': ['@tikrx/core'],
};

/** Published packages allowed to import a test-only package outside tests, and why. */
const TEST_ONLY_ALLOWED = {
  // `tikrx ... --simulator` and `tikrx simulate` embed the simulator (DESIGN.md).
  '@tikrx/cli': ['@tikrx/simulator'],
};

const isTestFile = (path) =>
  /\.test\.ts$|(^|\/)test-[^/]*\.ts$|\/__fixtures__\/|(^|\/)test\/|vitest\.[^/]*config\.ts$/.test(
    path,
  );

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](@tikrx\/[a-z0-9-]+)/g;

const workspaces = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    workspaces.push({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) });
  }
}

const problems = [];
let importsChecked = 0;
for (const { dir, manifest } of workspaces) {
  const name = manifest.name;
  const published = manifest.private !== true;
  const runtime = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
  const declared = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {})]);
  for (const file of sourceFiles(dir)) {
    const where = relative(root, file);
    const test = isTestFile(relative(dir, file));
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const target = match[1];
      importsChecked += 1;
      if (target === name) continue;
      const say = (why) => problems.push(`${where}: imports ${target}: ${why}`);
      if (!declared.has(target)) say(`not declared in ${name}'s package.json`);
      else if (!test && !runtime.has(target)) say('a devDependency imported outside tests');
      if (SOURCES.includes(name) && SOURCES.includes(target)) {
        say('a source package never imports another source package');
      }
      const allowed = MAY_IMPORT[name];
      if (
        allowed !== undefined &&
        !allowed.includes(target) &&
        !(test && TEST_ONLY.includes(target))
      ) {
        say(`${name} may import only ${allowed.join(', ') || 'nothing of ours'}`);
      }
      if (
        published &&
        !test &&
        TEST_ONLY.includes(target) &&
        !(TEST_ONLY_ALLOWED[name] ?? []).includes(target)
      ) {
        say('a published package imports the simulator or the testing package only in tests');
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`dependency check: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(
  `dependency check: ${workspaces.length} workspaces, ${importsChecked} imports of @tikrx packages, layers kept`,
);

// Builds the API reference (TypeDoc, options in typedoc.json) into docs/api: one module per
// publishable library package, from its public entry point `src/index.ts` only, never from the
// `./internal` entry points. Warnings (an undocumented public symbol, a broken link, a public
// type that is not exported) fail the build. Packages are discovered, not listed.
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { publishablePackages } from './workspace-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const libraries = publishablePackages().filter((p) => p.manifest.exports?.['.']);
const entryPoints = libraries.flatMap((p) => ['--entryPoints', relative(root, p.dir)]);
execFileSync('typedoc', ['--options', 'typedoc.json', ...entryPoints, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

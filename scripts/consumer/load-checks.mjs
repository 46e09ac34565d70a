// An ESM `import` and a CommonJS `require` of every library package, on each Node binary given:
// both must load, and `require` (Node's require(esm), 20.19 and later) must see the same exports.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function loaderSources(libraries) {
  const names = JSON.stringify(libraries);
  return {
    'import-all.mjs': `const out = {};\nfor (const name of ${names}) out[name] = Object.keys(await import(name)).sort();\nconsole.log(JSON.stringify(out));\n`,
    'require-all.cjs': `const out = {};\nfor (const name of ${names}) out[name] = Object.keys(require(name)).filter((key) => key !== '__esModule' && key !== 'module.exports').sort();\nconsole.log(JSON.stringify(out));\n`,
  };
}

/** Runs both loaders with each `node` binary; throws on a failure or a difference. */
export function checkLoading(dir, libraries, nodes) {
  for (const [file, source] of Object.entries(loaderSources(libraries)))
    writeFileSync(join(dir, file), source);
  for (const node of nodes) {
    const run = (file) => JSON.parse(execFileSync(node, [file], { cwd: dir, encoding: 'utf8' }));
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    const imported = run('import-all.mjs');
    const required = run('require-all.cjs');
    for (const name of libraries) {
      const esm = imported[name] ?? [];
      if (esm.length === 0) throw new Error(`${name}: import gave no exports on Node ${version}`);
      if (JSON.stringify(esm) !== JSON.stringify(required[name])) {
        throw new Error(`${name}: require() on Node ${version} gave other exports than import`);
      }
    }
    console.log(`  Node ${version}: import and require of ${libraries.length} packages`);
  }
}

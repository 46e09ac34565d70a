// What runs in the consumer project after the type check: the README examples marked `run`
// (compiled by tsc into out/), and every bin of the packed packages through `npx`.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs each example's compiled module with Node; each must end by itself with exit code 0. */
export function runExamples(dir, examples) {
  for (const example of examples.filter((e) => e.mode === 'run')) {
    console.log(`  run ${example.name} README example (line ${example.line})`);
    const run = spawnSync(process.execPath, [join('out', `readme-${example.slug}.mjs`)], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      // An example may print every video it crawled (the operators' one writes NDJSON).
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.status !== 0) {
      process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
      throw new Error(
        `${example.file}:${example.line}: the example exited with ${run.status ?? run.signal}`,
      );
    }
  }
}

/** `npx <bin> --help` for every bin: exit code 0 and a usage text on stdout. */
export function runBins(dir, packages) {
  for (const pkg of packages) {
    for (const bin of Object.keys(binsOf(pkg.manifest))) {
      const out = execFileSync('npx', ['--no-install', bin, '--help'], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (!/usage/i.test(out)) throw new Error(`npx ${bin} --help printed no usage:\n${out}`);
      console.log(`  npx ${bin} --help (${pkg.manifest.name})`);
    }
  }
}

function binsOf(manifest) {
  if (typeof manifest.bin === 'string')
    return { [manifest.name.replace(/^@[^/]+\//, '')]: manifest.bin };
  return manifest.bin ?? {};
}

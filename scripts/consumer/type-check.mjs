// Type-checks a consumer file and every marked README example, as a user's project would, under
// `moduleResolution` `node16` (Node's own rules; also emits the JavaScript that is run) and
// `bundler` (Vite, esbuild, webpack). Files are `.mts`: the packages are ESM-only.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const COMMON = {
  strict: true,
  target: 'ES2022',
  lib: ['ES2023'],
  types: ['node'],
  // Our .d.ts files are checked too, under the user's settings rather than ours.
  skipLibCheck: false,
  rootDir: 'src',
};

const CONFIGS = {
  node16: { ...COMMON, module: 'node16', moduleResolution: 'node16', outDir: 'out' },
  bundler: { ...COMMON, module: 'esnext', moduleResolution: 'bundler', noEmit: true },
};

/** A file that imports every library package and touches one export of each. */
export function consumerSource(libraries) {
  const lines = libraries.map((name, i) => `import * as package${i} from '${name}';`);
  lines.push('', 'const loaded: Record<string, number> = {');
  for (const [i, name] of libraries.entries()) {
    lines.push(`  '${name}': Object.keys(package${i}).length,`);
  }
  lines.push('};', 'console.log(JSON.stringify(loaded));', '');
  return lines.join('\n');
}

/** Writes `src/*.mts` and both tsconfigs into `dir`, then runs `tsc` for each resolution. */
export function typeCheck(dir, libraries, examples) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'consumer.mts'), consumerSource(libraries));
  for (const example of examples)
    writeFileSync(join(dir, 'src', `readme-${example.slug}.mts`), example.code);
  for (const [resolution, compilerOptions] of Object.entries(CONFIGS)) {
    const file = `tsconfig.${resolution}.json`;
    writeFileSync(
      join(dir, file),
      `${JSON.stringify({ compilerOptions, include: ['src'] }, null, 2)}\n`,
    );
    console.log(`tsc -p ${file} (moduleResolution ${compilerOptions.moduleResolution})`);
    execFileSync(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', file], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
}

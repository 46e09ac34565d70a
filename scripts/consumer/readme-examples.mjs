// The README code blocks that the consumer test runs or type-checks, so the examples users copy
// cannot drift from what the packages do. A block is picked by an HTML comment on the line
// right before its opening fence:
//
//   <!-- consumer-test: run -->        compiled and run in the consumer project (it must end
//                                      by itself; examples start @tikrx/simulator themselves)
//   <!-- consumer-test: typecheck -->  type-checked only (it needs real credentials)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = /^<!--\s*consumer-test:\s*(run|typecheck)\s*-->\s*$/;

/** The marked `ts` blocks of one Markdown text: `{ mode, code, line }`. */
export function markedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const mode = lines[i].match(MARKER)?.[1];
    if (!mode) continue;
    const fence = lines[i + 1]?.match(/^(```+)(ts|typescript)\b/);
    if (!fence)
      throw new Error(
        `line ${i + 1}: a consumer-test marker must sit right above a \`\`\`ts block`,
      );
    const end = lines.findIndex((line, j) => j > i + 1 && line.startsWith(fence[1]));
    if (end < 0) throw new Error(`line ${i + 2}: the code block never closes`);
    blocks.push({ mode, code: `${lines.slice(i + 2, end).join('\n')}\n`, line: i + 2 });
  }
  return blocks;
}

/** Marked blocks of the root README and of every given package's README. */
export function readmeExamples(root, packages) {
  const examples = [];
  const readmes = [{ name: 'tikrx', file: join(root, 'README.md') }];
  for (const pkg of packages)
    readmes.push({ name: pkg.manifest.name, file: join(pkg.dir, 'README.md') });
  for (const { name, file } of readmes) {
    if (!existsSync(file)) continue;
    for (const block of markedBlocks(readFileSync(file, 'utf8'))) {
      const slug = `${name.replace(/^@tikrx\//, '').replace(/[^a-z0-9]+/gi, '-')}-${block.line}`;
      examples.push({ ...block, name, file, slug });
    }
  }
  return examples;
}

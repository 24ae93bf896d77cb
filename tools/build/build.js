#!/usr/bin/env node
// Compiles apps/, libs/, tools/ and bench/ TypeScript to dist/ (same layout; `--out DIR` for another
// folder), rewriting @kontor/* aliases to relative paths. Type checking is separate (`npm run typecheck`);
// this only transpiles, fast.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { swcOptions, root } = require('./swc-options');

const SOURCE_DIRS = ['apps', 'libs', 'tools', 'bench'];
const SKIP = /(\.spec\.ts|\.int-spec\.ts|\.e2e-spec\.ts|\.test-support\.ts|\.test-harness\.ts|\.d\.ts)$/;

function* typescriptFiles(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(full);
    else if (entry.name.endsWith('.ts') && !SKIP.test(entry.name)) yield full;
  }
}

async function main() {
  const started = Date.now();
  const outFlag = process.argv.indexOf('--out');
  const outRoot = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'dist');
  fs.rmSync(outRoot, { recursive: true, force: true });
  const files = SOURCE_DIRS.flatMap((d) => [...typescriptFiles(path.join(root, d))]);
  const options = swcOptions();
  await Promise.all(
    files.map(async (file) => {
      const relative = path.relative(root, file);
      const out = path.join(outRoot, relative.replace(/\.ts$/, '.js'));
      const result = await swc.transformFile(file, { ...options, filename: file, outputPath: out, sourceFileName: path.relative(path.dirname(out), file) });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, `${result.code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      if (result.map) fs.writeFileSync(`${out}.map`, result.map);
    }),
  );
  console.log(`built ${files.length} files into ${path.relative(root, outRoot) || outRoot} in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

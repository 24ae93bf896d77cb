#!/usr/bin/env node
// `npm run lint`: ESLint over the repository with module boundaries enforced, then a probe that proves the
// boundary rule is really active. Without a computed Nx project graph the rule silently skips itself
// ("No cached ProjectGraph is available"), which on a clean clone would make every boundary check pass.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ESLint } = require('eslint');
const { root } = require('./swc-options');

async function main() {
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });

  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  const formatter = await eslint.loadFormatter('stylish');
  const output = await formatter.format(results);
  if (output) console.log(output);
  const errors = results.reduce((sum, r) => sum + r.errorCount, 0);

  // A domain lib importing a platform lib and an app must be refused. The probe is a real file for the
  // moment it is linted, because type-aware linting only sees files on disk.
  const probeFile = path.join(root, 'libs/money/src/boundary-probe.ts');
  fs.writeFileSync(
    probeFile,
    "import { HealthController } from '@kontor/platform-runtime';\nimport { BankRegistry } from '../../../apps/bank-ingestion/src/banks/bank-registry.service';\nexport const probe = [HealthController, BankRegistry];\n",
  );
  let probe;
  try {
    [probe] = await eslint.lintFiles([probeFile]);
  } finally {
    fs.rmSync(probeFile, { force: true });
  }
  const boundaryErrors = probe.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries' && m.severity === 2);
  if (boundaryErrors.length < 2) {
    console.error('module boundary rule is not active: a domain lib importing a platform lib and an app was not refused');
    console.error(JSON.stringify(probe.messages, null, 2));
    process.exit(1);
  }
  console.log(`eslint: ${results.length} files, ${errors} errors; module boundary rule active`);
  process.exit(errors > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

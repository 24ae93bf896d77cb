// SWC options shared by the build and by Jest, with path aliases read from tsconfig.base.json so the
// alias list lives in one place. SWC keeps decorator metadata, which NestJS dependency injection needs.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '../..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));

/** @returns {import('@swc/core').Options} */
function swcOptions({ forJest = false } = {}) {
  return {
    sourceMaps: forJest ? 'inline' : true,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  };
}

module.exports = { swcOptions, root, aliases: tsconfig.compilerOptions.paths };

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@kontor/local-infra';
import { configReference, withReference } from './config-reference';

/** `npm run docs:operations`: regenerates the configuration reference in docs/operations.md. */
const root = findRepoRoot(__dirname);
const path = join(root, 'docs/operations.md');
writeFileSync(path, withReference(readFileSync(path, 'utf8'), configReference(root)));
console.log('wrote the configuration reference into docs/operations.md');

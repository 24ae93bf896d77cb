import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INGESTION_PROBLEMS } from '../ingestion-problems';
import { ingestionOpenApiYaml } from './openapi.document';

const ROOT = join(__dirname, '../../../..');
const COMMITTED = readFileSync(join(ROOT, 'apps/bank-ingestion/openapi.yaml'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(int-)?spec\.ts$/.test(name) ? [path] : [];
  });
}

/** Every reason the code can answer with, found by reading the code rather than trusting the catalogue. */
function reasonsInCode(): Set<string> {
  const reasons = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'apps/bank-ingestion/src')), ...sourceFiles(join(ROOT, 'libs/feed-parsers/src'))]) {
    if (file.includes('/orders/')) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bproblem\(\s*'([a-z0-9-]+)'/g)) reasons.add(match[1]);
    for (const match of text.matchAll(/new ProblemException\(\s*\d+\s*,\s*'([a-z0-9-]+)'/g)) reasons.add(match[1]);
    for (const match of text.matchAll(/new FeedStructureError\(\s*'([a-z0-9-]+)'/g)) reasons.add(match[1]);
  }
  // The declared structural reasons too (parsers written elsewhere throw them).
  const declared = /export type FeedStructureReason =([^;]+);/.exec(readFileSync(join(ROOT, 'libs/feed-parsers/src/feed-parser.ts'), 'utf8'));
  for (const match of declared![1].matchAll(/'([a-z0-9-]+)'/g)) reasons.add(match[1]);
  // And what the shared problem filter answers by itself.
  const filter = readFileSync(join(ROOT, 'libs/platform/runtime/src/problem-details.ts'), 'utf8');
  for (const match of filter.matchAll(/'(not-found|body-too-large|body-unreadable|internal-error)'/g)) reasons.add(match[1]);
  return reasons;
}

describe('the OpenAPI document', () => {
  it('is committed exactly as the code generates it (regenerate: node dist/apps/bank-ingestion/src/openapi/write-openapi.js)', () => {
    expect(COMMITTED).toBe(ingestionOpenApiYaml());
  });

  it('is OpenAPI 3.1 with both feed operations', () => {
    const document = parse(COMMITTED);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/feeds', '/v1/feeds/{feedId}']));
  });

  it('documents every reason the code can emit, under its status code', () => {
    const found = reasonsInCode();
    expect(found.size).toBeGreaterThan(20);
    const document = parse(COMMITTED);
    const enumerated: string[] = document.components.schemas.Problem.properties.reason.enum;
    for (const reason of found) {
      expect(enumerated).toContain(reason);
      const status = INGESTION_PROBLEMS[reason as keyof typeof INGESTION_PROBLEMS]?.status;
      expect(status).toBeDefined();
      expect(document.components.responses[`Problem${status}`].description).toContain(`\`${reason}\`:`);
    }
  });
});

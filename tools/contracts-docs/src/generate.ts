/**
 * Writes docs/topics.md, docs/asyncapi.yaml and libs/contracts/schemas/*.schema.json from the contracts.
 * Run `npm run build && npm run docs:generate`; the spec fails while the committed files differ.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ALL_TOPICS } from '@kontor/contracts';
import { payloadTopics, schemaFilePath, SCHEMAS_DIR, topicPayloadSchema } from './contract-schemas';
import { renderAsyncApi } from './render-asyncapi';
import { renderTopicsMarkdown } from './render-topics-markdown';

export const TOPICS_MARKDOWN_PATH = 'docs/topics.md';
export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';

/** The workspace root, found from this file whether it runs from tools/ (Jest) or dist/tools/ (CLI). */
export function workspaceRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no workspace root (nx.json) above ${from}`);
  }
}

/** Every generated file, workspace-relative path to content. */
export function generatedFiles(root: string = workspaceRoot()): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; license?: string };
  const files = new Map<string, string>([
    [TOPICS_MARKDOWN_PATH, renderTopicsMarkdown(ALL_TOPICS)],
    [ASYNCAPI_PATH, renderAsyncApi({ version: pkg.version, license: pkg.license, topics: ALL_TOPICS })],
  ]);
  for (const topic of payloadTopics(ALL_TOPICS)) {
    files.set(schemaFilePath(topic), `${JSON.stringify(topicPayloadSchema(topic), null, 2)}\n`);
  }
  return files;
}

/** Schema files in libs/contracts/schemas that no topic produces any more (e.g. after a rename). */
export function staleSchemaFiles(root: string, files: ReadonlyMap<string, string>): string[] {
  const dir = join(root, SCHEMAS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.schema.json'))
    .map((name) => `${SCHEMAS_DIR}/${name}`)
    .filter((path) => !files.has(path))
    .sort();
}

export function writeGeneratedFiles(root: string = workspaceRoot()): string[] {
  const files = generatedFiles(root);
  for (const stale of staleSchemaFiles(root, files)) rmSync(join(root, stale));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return [...files.keys()];
}

if (require.main === module) {
  for (const path of writeGeneratedFiles()) console.log(`wrote ${path}`);
}

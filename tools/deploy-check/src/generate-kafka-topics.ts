import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS } from '@kontor/contracts';
import { findRepoRoot } from '@kontor/local-infra';
import { KAFKA_TOPICS_DIR, kafkaTopicFiles } from './kafka-topics';

/** `node dist/tools/deploy-check/src/generate-kafka-topics.js`: rewrites k8s/base/kafka-topics from the catalogue. */
const root = findRepoRoot(__dirname);
const dir = join(root, KAFKA_TOPICS_DIR);
mkdirSync(dir, { recursive: true });
const files = kafkaTopicFiles(ALL_TOPICS);
// Topics removed from the catalogue lose their file too.
for (const name of readdirSync(dir)) if (!files.has(name)) rmSync(join(dir, name));
for (const [name, text] of files) writeFileSync(join(dir, name), text);
console.log(`wrote ${files.size} files into ${KAFKA_TOPICS_DIR}`);

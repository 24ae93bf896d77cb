import { Kafka, logLevel } from 'kafkajs';
import { kafkaConfig } from '@kontor/platform-kafka';
import { replayDeadLetters } from './dlt-replay';

const USAGE = `Replays dead letters to the topics they came from (see tools/dlt-replay/README.md).

  node dist/tools/dlt-replay/src/main.js --topic <dead-letter topic> [--source <topic>] [--reason processing-failed,invalid-message] [--dry-run]

  --topic    catalogue name, e.g. kontor.deadletter.transaction-normalizer.v1 (KAFKA_TOPIC_PREFIX is added)
  --source   only messages from this source topic (full name as in the kontor-dlt-source-topic header)
  --reason   only these reason codes (comma-separated)
  --dry-run  list what would be replayed; publish and commit nothing
Environment: KAFKA_BROKERS (required), KAFKA_TOPIC_PREFIX, KAFKA_SSL, KAFKA_SASL_MECHANISM/USERNAME/PASSWORD.`;

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const topic = argument('--topic');
  const brokers = process.env.KAFKA_BROKERS;
  if (!topic || !brokers || process.argv.includes('--help')) {
    console.error(USAGE);
    return 2;
  }
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = new Kafka({
    ...kafkaConfig({
      clientId: 'kontor-dlt-replay',
      brokers,
      ssl: process.env.KAFKA_SSL === 'true',
      saslMechanism: process.env.KAFKA_SASL_MECHANISM,
      saslUsername: process.env.KAFKA_SASL_USERNAME,
      saslPassword: process.env.KAFKA_SASL_PASSWORD,
    }),
    logLevel: logLevel.WARN,
  });
  const result = await replayDeadLetters({
    kafka,
    deadLetterTopic: prefix + topic,
    groupId: `${prefix}kontor-dlt-replay.${topic}`,
    sourceTopic: argument('--source'),
    reasonCodes: argument('--reason')?.split(','),
    dryRun: process.argv.includes('--dry-run'),
    log: (line) => console.error(line),
  });
  console.log(JSON.stringify(result));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

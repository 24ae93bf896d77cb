import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalKafka {
  brokers: string;
  stop(): Promise<void>;
}

/**
 * Starts the project's single-node KRaft broker (tools/kafka/kafka.sh) and resolves once it answers
 * describeCluster. The jars come from Maven Central the first time and from the cache afterwards.
 */
export async function startLocalKafka(options: { root: string; port: number; dataDir?: string; log?: (line: string) => void }): Promise<LocalKafka> {
  const script = join(options.root, 'tools/kafka/kafka.sh');
  const env = { ...process.env, KONTOR_KAFKA_PORT: String(options.port), ...(options.dataDir && { KONTOR_KAFKA_DATA_DIR: options.dataDir }) };
  const { stderr } = await run('bash', [script, 'start'], { env, maxBuffer: 16 * 1024 * 1024 });
  for (const line of stderr.split('\n').filter(Boolean)) options.log?.(line);
  return {
    brokers: `127.0.0.1:${options.port}`,
    stop: async () => {
      await run('bash', [script, 'stop'], { env });
    },
  };
}

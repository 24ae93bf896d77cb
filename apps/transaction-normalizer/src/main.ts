import 'reflect-metadata';
import { loadConfig } from '@kontor/platform-config';
import { bootstrapService } from '@kontor/platform-runtime';
import { NormalizerConfig } from './normalizer.config';
import { NormalizerModule } from './normalizer.module';

async function main(): Promise<void> {
  const config = loadConfig(NormalizerConfig);
  await bootstrapService(NormalizerModule.register(config), { service: 'transaction-normalizer', port: config.PORT, logLevel: config.LOG_LEVEL });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

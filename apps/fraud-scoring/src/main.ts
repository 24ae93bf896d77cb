import 'reflect-metadata';
import { loadConfig } from '@kontor/platform-config';
import { bootstrapService } from '@kontor/platform-runtime';
import { FraudConfig } from './fraud.config';
import { configureFraudHttp } from './fraud.http';
import { FraudModule } from './fraud.module';

async function main(): Promise<void> {
  const config = loadConfig(FraudConfig);
  await bootstrapService(FraudModule.register(config), { service: 'fraud-scoring', port: config.PORT, logLevel: config.LOG_LEVEL, configure: configureFraudHttp });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

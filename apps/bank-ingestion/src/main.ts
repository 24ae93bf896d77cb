import 'reflect-metadata';
import { loadConfig } from '@kontor/platform-config';
import { bootstrapService } from '@kontor/platform-runtime';
import { IngestionConfig } from './ingestion.config';
import { configureIngestionHttp } from './ingestion.http';
import { IngestionModule } from './ingestion.module';

async function main(): Promise<void> {
  const config = loadConfig(IngestionConfig);
  await bootstrapService(IngestionModule.register(config), {
    service: 'bank-ingestion',
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    configure: (app) => configureIngestionHttp(app, config),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

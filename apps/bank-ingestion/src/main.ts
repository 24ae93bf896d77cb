import 'reflect-metadata';
import { raw, json } from 'express';
import { loadConfig } from '@kontor/platform-config';
import { bootstrapService } from '@kontor/platform-runtime';
import { IngestionConfig } from './ingestion.config';
import { IngestionModule } from './ingestion.module';

async function main(): Promise<void> {
  const config = loadConfig(IngestionConfig);
  await bootstrapService(IngestionModule.register(config), {
    service: 'bank-ingestion',
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    configure: (app) => {
      // Feeds are signed over their exact bytes: keep the raw body, parse it ourselves.
      app.use('/v1/feeds', raw({ type: () => true, limit: config.INGESTION_MAX_BODY_BYTES }));
      app.use(json({ limit: '100kb' }));
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

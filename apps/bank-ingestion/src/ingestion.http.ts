import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, raw } from 'express';
import { IngestionConfig } from './ingestion.config';

/** Body parsing for the ingestion API: feeds are signed over their exact bytes, so they stay raw. */
export function configureIngestionHttp(app: NestExpressApplication, config: IngestionConfig): void {
  app.use('/v1/feeds', raw({ type: () => true, limit: config.INGESTION_MAX_BODY_BYTES }));
  app.use(json({ limit: '100kb' }));
}

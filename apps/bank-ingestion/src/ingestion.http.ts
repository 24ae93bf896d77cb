import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import type { IngestionConfig } from './ingestion.config';

/**
 * Body parsing for the ingestion API. Feeds are signed over their exact bytes and may be 200 MB, so no
 * parser touches `/v1/feeds`: BankSignatureGuard streams the body to disk while hashing it.
 */
export function configureIngestionHttp(app: NestExpressApplication, _config: IngestionConfig): void {
  const parseJson = json({ limit: '100kb' });
  app.use((request: { path: string }, response: unknown, next: () => void) => {
    if (request.path === '/v1/feeds' || request.path.startsWith('/v1/feeds/')) return next();
    return (parseJson as (req: unknown, res: unknown, next: () => void) => void)(request, response, next);
  });
}

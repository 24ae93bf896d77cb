import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, raw, urlencoded } from 'express';

/**
 * Body parsing: webhooks and bank calls are signed over their exact bytes, so they stay raw; the consent
 * page posts a form; everything else is small JSON.
 */
export function configureGatewayHttp(app: NestExpressApplication): void {
  app.use('/webhooks/messenger', raw({ type: () => true, limit: '1mb' }));
  app.use('/v1/bank', raw({ type: () => true, limit: '16kb' }));
  app.use('/link', urlencoded({ extended: false, limit: '16kb' }));
  app.use(json({ limit: '100kb' }));
}

import type { NestExpressApplication } from '@nestjs/platform-express';

/** The case API takes small JSON bodies only. */
export function configureFraudHttp(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: '16kb' });
}

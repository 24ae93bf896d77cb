import { DynamicModule, Module } from '@nestjs/common';
import type { FeedParser } from '@kontor/feed-parsers';
import { SecretBox } from '@kontor/privacy';
import { HealthController, platformModules } from '@kontor/platform-runtime';
import { BankRegistry } from './banks/bank-registry.service';
import { BankSignatureGuard } from './banks/bank-signature.guard';
import { DevBankSeeder } from './banks/dev-bank-seeder';
import { SignatureReplayStore } from './banks/signature-replay.store';
import { FEED_PARSERS, feedParserCatalogue } from './feeds/feed-parser.catalogue';
import { FeedController } from './feeds/feed.controller';
import { FeedIntakeService } from './feeds/feed-intake.service';
import { IngestionConfig } from './ingestion.config';
import { INGESTION_DATABASE } from './ingestion.database';
import { OpenApiController } from './openapi/openapi.controller';
import { OrderFeedController } from './orders/order-feed.controller';

@Module({})
export class IngestionModule {
  /** `parsers` replaces the built-in catalogue (tests of the pipeline with parsers of their own). */
  static register(config: IngestionConfig, options: { parsers?: readonly FeedParser[] } = {}): DynamicModule {
    return {
      module: IngestionModule,
      imports: platformModules(config, { service: 'bank-ingestion', ...INGESTION_DATABASE }),
      controllers: [FeedController, OpenApiController, HealthController, OrderFeedController],
      providers: [
        { provide: IngestionConfig, useValue: config },
        { provide: SecretBox, useFactory: () => new SecretBox(config.KONTOR_SECRETS_KEY) },
        { provide: FEED_PARSERS, useFactory: () => feedParserCatalogue(options.parsers) },
        BankRegistry,
        SignatureReplayStore,
        BankSignatureGuard,
        FeedIntakeService,
        DevBankSeeder,
      ],
    };
  }
}

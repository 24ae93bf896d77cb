import { DynamicModule, Module } from '@nestjs/common';
import { SecretBox } from '@kontor/privacy';
import { HealthController, platformModules } from '@kontor/platform-runtime';
import { BankRegistry } from './banks/bank-registry.service';
import { BankSignatureGuard } from './banks/bank-signature.guard';
import { DevBankSeeder } from './banks/dev-bank-seeder';
import { FeedController } from './feeds/feed.controller';
import { FeedIntakeService } from './feeds/feed-intake.service';
import { IngestionConfig } from './ingestion.config';
import { INGESTION_DATABASE } from './ingestion.database';
import { OrderFeedController } from './orders/order-feed.controller';

@Module({})
export class IngestionModule {
  static register(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      imports: platformModules(config, { service: 'bank-ingestion', ...INGESTION_DATABASE }),
      controllers: [FeedController, HealthController, OrderFeedController],
      providers: [
        { provide: IngestionConfig, useValue: config },
        { provide: SecretBox, useFactory: () => new SecretBox(config.KONTOR_SECRETS_KEY) },
        BankRegistry,
        BankSignatureGuard,
        FeedIntakeService,
        DevBankSeeder,
      ],
    };
  }
}

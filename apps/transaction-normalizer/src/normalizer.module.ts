import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, platformModules } from '@kontor/platform-runtime';
import { NormalizerConfig } from './normalizer.config';
import { NORMALIZER_DATABASE } from './normalizer.database';
import { FeedEntryConsumer } from './transactions/feed-entry.consumer';

@Module({})
export class NormalizerModule {
  static register(config: NormalizerConfig): DynamicModule {
    return {
      module: NormalizerModule,
      imports: platformModules(config, { service: 'transaction-normalizer', ...NORMALIZER_DATABASE }),
      controllers: [HealthController],
      providers: [{ provide: NormalizerConfig, useValue: config }, FeedEntryConsumer],
    };
  }
}

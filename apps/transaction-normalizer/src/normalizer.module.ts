import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, platformModules } from '@kontor/platform-runtime';
import { NormalizerConfig } from './normalizer.config';
import { NORMALIZER_DATABASE } from './normalizer.database';
import { BalanceBook } from './balances/balance-book';
import { BalanceReportedConsumer } from './balances/balance-reported.consumer';
import { FeedEntryConsumer } from './transactions/feed-entry.consumer';
import { PendingExpiryScheduler } from './transactions/pending-expiry.scheduler';
import { TransactionLedger } from './transactions/transaction-ledger';

@Module({})
export class NormalizerModule {
  static register(config: NormalizerConfig): DynamicModule {
    return {
      module: NormalizerModule,
      imports: platformModules(config, { service: 'transaction-normalizer', ...NORMALIZER_DATABASE }),
      controllers: [HealthController],
      providers: [
        { provide: NormalizerConfig, useValue: config },
        TransactionLedger,
        BalanceBook,
        FeedEntryConsumer,
        BalanceReportedConsumer,
        PendingExpiryScheduler,
      ],
    };
  }
}

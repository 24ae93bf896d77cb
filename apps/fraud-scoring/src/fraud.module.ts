import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, platformModules } from '@kontor/platform-runtime';
import { AnalystTokenGuard } from './cases/analyst-token.guard';
import { CaseController } from './cases/case.controller';
import { CaseExpiryJob } from './cases/case-expiry.job';
import { FraudFeedbackConsumer } from './cases/fraud-feedback.consumer';
import { FraudConfig } from './fraud.config';
import { FRAUD_DATABASE } from './fraud.database';
import { NormalizedTransactionConsumer } from './scoring/normalized-transaction.consumer';

@Module({})
export class FraudModule {
  static register(config: FraudConfig): DynamicModule {
    return {
      module: FraudModule,
      imports: platformModules(config, { service: 'fraud-scoring', ...FRAUD_DATABASE }),
      controllers: [HealthController, CaseController],
      providers: [{ provide: FraudConfig, useValue: config }, NormalizedTransactionConsumer, FraudFeedbackConsumer, CaseExpiryJob, AnalystTokenGuard],
    };
  }
}

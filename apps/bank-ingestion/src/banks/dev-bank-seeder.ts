import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IngestionConfig } from '../ingestion.config';
import { BankRegistry } from './bank-registry.service';

/** Registers INGESTION_DEV_SEED_BANKS at start-up, for local runs and tests, allowed to report on every account. Refused in production. */
@Injectable()
export class DevBankSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DevBankSeeder');

  constructor(
    private readonly config: IngestionConfig,
    private readonly registry: BankRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seed = this.config.INGESTION_DEV_SEED_BANKS;
    if (!seed) return;
    if (this.config.NODE_ENV === 'production') throw new Error('INGESTION_DEV_SEED_BANKS must not be set in production');
    for (const item of seed.split(',')) {
      const [bankId, keyId, secret] = item.split(':');
      await this.registry.registerBank(bankId, bankId);
      await this.registry.addSigningKey(bankId, keyId, secret);
      await this.registry.setAccounts(bankId, ['*']);
      this.logger.log(`seeded development bank ${bankId} (key ${keyId})`);
    }
  }
}

import type { ServiceDatabaseDefinition } from '@kontor/platform-database';
import { OUTBOX_ENTITIES } from '@kontor/platform-outbox';
import { BankSigningKeyEntity } from './banks/bank-signing-key.entity';
import { PartnerBankEntity } from './banks/partner-bank.entity';
import { FeedEntity } from './feeds/feed.entity';
import { INGESTION_MIGRATIONS } from './migrations';

/** The schema this service owns, its entities (outbox and inbox included) and its migrations. */
export const INGESTION_DATABASE: ServiceDatabaseDefinition & { migrationsDir: string } = {
  schema: 'ingestion',
  entities: [PartnerBankEntity, BankSigningKeyEntity, FeedEntity, ...OUTBOX_ENTITIES],
  migrations: INGESTION_MIGRATIONS,
  /** Relative to the repository root, where `db.js generate` runs. */
  migrationsDir: 'apps/bank-ingestion/src/migrations',
};

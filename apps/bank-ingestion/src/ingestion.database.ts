import type { ServiceDatabaseDefinition } from '@kontor/platform-database';
import { OUTBOX_ENTITIES } from '@kontor/platform-outbox';
import { BankAccountPermissionEntity } from './banks/bank-account-permission.entity';
import { BankSigningKeyEntity } from './banks/bank-signing-key.entity';
import { PartnerBankEntity } from './banks/partner-bank.entity';
import { SeenSignatureEntity } from './banks/seen-signature.entity';
import { FeedRejectionEntity } from './feeds/feed-rejection.entity';
import { FeedStatementEntity } from './feeds/feed-statement.entity';
import { FeedEntity } from './feeds/feed.entity';
import { INGESTION_MIGRATIONS } from './migrations';

/** The schema this service owns, its entities (outbox and inbox included) and its migrations. */
export const INGESTION_DATABASE: ServiceDatabaseDefinition & { migrationsDir: string } = {
  schema: 'ingestion',
  entities: [
    PartnerBankEntity,
    BankSigningKeyEntity,
    BankAccountPermissionEntity,
    SeenSignatureEntity,
    FeedEntity,
    FeedRejectionEntity,
    FeedStatementEntity,
    ...OUTBOX_ENTITIES,
  ],
  migrations: INGESTION_MIGRATIONS,
  /** Relative to the repository root, where `db.js generate` runs. */
  migrationsDir: 'apps/bank-ingestion/src/migrations',
};

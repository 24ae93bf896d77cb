import type { ServiceDatabaseDefinition } from '@kontor/platform-database';
import { OUTBOX_ENTITIES } from '@kontor/platform-outbox';
import { BalanceStatementEntity } from './balances/balance-statement.entity';
import { FeedEntryEntity } from './transactions/feed-entry.entity';
import { TransactionEntity } from './transactions/transaction.entity';
import { NORMALIZER_MIGRATIONS } from './migrations';

/** The schema this service owns, its entities (outbox and inbox included) and its migrations. */
export const NORMALIZER_DATABASE: ServiceDatabaseDefinition & { migrationsDir: string } = {
  schema: 'normalizer',
  entities: [TransactionEntity, FeedEntryEntity, BalanceStatementEntity, ...OUTBOX_ENTITIES],
  migrations: NORMALIZER_MIGRATIONS,
  /** Relative to the repository root, where `db.js generate` runs. */
  migrationsDir: 'apps/transaction-normalizer/src/migrations',
};

import type { ServiceDatabaseDefinition } from '@kontor/platform-database';
import { OUTBOX_ENTITIES } from '@kontor/platform-outbox';
import { FraudCaseEntity } from './cases/fraud-case.entity';
import { BehaviourProfileEntity } from './profiles/behaviour-profile.entity';
import { TransactionScoreEntity } from './scoring/transaction-score.entity';
import { FRAUD_MIGRATIONS } from './migrations';

/** The schema this service owns, its entities (outbox and inbox included) and its migrations. */
export const FRAUD_DATABASE: ServiceDatabaseDefinition & { migrationsDir: string } = {
  schema: 'fraud',
  entities: [TransactionScoreEntity, BehaviourProfileEntity, FraudCaseEntity, ...OUTBOX_ENTITIES],
  migrations: FRAUD_MIGRATIONS,
  /** Relative to the repository root, where `db.js generate` runs. */
  migrationsDir: 'apps/fraud-scoring/src/migrations',
};

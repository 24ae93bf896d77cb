import type { ServiceDatabaseDefinition } from '@kontor/platform-database';
import { OUTBOX_ENTITIES } from '@kontor/platform-outbox';
import { AlertDeliveryEntity } from './alerts/alert-delivery.entity';
import { CustomerConsentEntity } from './consent/customer-consent.entity';
import { GATEWAY_MIGRATIONS } from './migrations';

/** The schema this service owns, its entities (outbox and inbox included) and its migrations. */
export const GATEWAY_DATABASE: ServiceDatabaseDefinition & { migrationsDir: string } = {
  schema: 'gateway',
  entities: [CustomerConsentEntity, AlertDeliveryEntity, ...OUTBOX_ENTITIES],
  migrations: GATEWAY_MIGRATIONS,
  /** Relative to the repository root, where `db.js generate` runs. */
  migrationsDir: 'apps/messenger-gateway/src/migrations',
};

import type { ServiceDatabaseDefinition } from '@kontor/platform-database';
import { OUTBOX_ENTITIES } from '@kontor/platform-outbox';
import { AlertDeliveryEntity } from './alerts/alert-delivery.entity';
import { AccessAuditEntity } from './consent/access-audit.entity';
import { AccountLinkRequestEntity } from './consent/account-link-request.entity';
import { CustomerConsentEntity } from './consent/customer-consent.entity';
import { MessengerUserEntity } from './messaging/messenger-user.entity';
import { GATEWAY_MIGRATIONS } from './migrations';
import { MerchantOrderEntity } from './orders/merchant-order.entity';
import { AccountBalanceEntity } from './read-model/account-balance.entity';
import { AccountTransactionEntity } from './read-model/account-transaction.entity';
import { WebhookEventEntity } from './webhook/webhook-event.entity';

/** The schema this service owns, its entities (outbox and inbox included) and its migrations. */
export const GATEWAY_DATABASE: ServiceDatabaseDefinition & { migrationsDir: string } = {
  schema: 'gateway',
  entities: [
    CustomerConsentEntity,
    AccountLinkRequestEntity,
    AccessAuditEntity,
    AlertDeliveryEntity,
    WebhookEventEntity,
    MessengerUserEntity,
    AccountTransactionEntity,
    AccountBalanceEntity,
    MerchantOrderEntity,
    ...OUTBOX_ENTITIES,
  ],
  migrations: GATEWAY_MIGRATIONS,
  /** Relative to the repository root, where `db.js generate` runs. */
  migrationsDir: 'apps/messenger-gateway/src/migrations',
};

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FraudAlertRaisedV1, Topics } from '@kontor/contracts';
import { ConsumedMessage, ContractConsumer, EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { claimEvents } from '@kontor/platform-outbox';
import { ConsentRepository } from '../consent/consent.repository';
import { ConsentGate } from '../consent/consented-reader';
import { GatewayConfig } from '../gateway.config';
import { ConsumerLifecycle } from '../messaging/consumer-lifecycle';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { AlertDeliveryService } from './alert-delivery.service';
import { fraudAlertMessage } from './fraud-alert.message';

export const GATEWAY_GROUP = 'messenger-gateway';

/**
 * A fraud alert becomes one delivery per customer whose valid consent includes `fraud_alerts` for the
 * account. Without such a consent nothing is stored and nothing is sent.
 */
@Injectable()
export class FraudAlertConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<FraudAlertRaisedV1>;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    config: GatewayConfig,
    private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
    private readonly deliveries: AlertDeliveryService,
  ) {
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: GATEWAY_GROUP,
      topic: Topics.fraudAlertRaised,
      deadLetterTopic: Topics.deadLetterMessengerGateway,
      maxAttempts: config.GATEWAY_MAX_ATTEMPTS,
      handleBatch: (items) => this.handleBatch(items),
    });
  }

  private lifecycle?: ConsumerLifecycle;

  onApplicationBootstrap(): void {
    this.lifecycle = new ConsumerLifecycle(this.consumer, new Logger(this.constructor.name));
    this.lifecycle.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.lifecycle?.stop();
  }

  async handleBatch(items: readonly ConsumedMessage<FraudAlertRaisedV1>[]): Promise<void> {
    const alertIds = await this.dataSource.transaction(async (manager) => {
      const claimed = await claimEvents(manager, GATEWAY_GROUP, items.map((i) => i.context.eventId));
      const withDeliveries: string[] = [];
      for (const { message: alert, context } of items) {
        if (!claimed.has(context.eventId)) continue;
        const consents = await this.consents.activeFor(manager, alert.bankId, alert.accountRef, 'fraud_alerts');
        if (consents.length === 0) continue;
        await manager
          .createQueryBuilder()
          .insert()
          .into(AlertDeliveryEntity)
          .values(
            consents.map((consent) => ({
              alertId: alert.alertId,
              kind: 'fraud_alert' as const,
              transactionId: alert.transactionId,
              bankId: alert.bankId,
              accountRef: alert.accountRef,
              psid: consent.psid,
              consentId: consent.id,
              locale: consent.locale,
              message: fraudAlertMessage(alert, consent.psid, consent.locale),
              status: 'pending' as const,
            })),
          )
          .orIgnore()
          .execute();
        for (const consent of consents) {
          await ConsentGate.auditPush(manager, { psid: consent.psid, consentId: consent.id, scope: 'fraud_alerts', purpose: 'fraud_alert', accountMasked: consent.accountMasked });
        }
        withDeliveries.push(alert.alertId);
      }
      return withDeliveries;
    });
    // Sending happens after the commit and off the consumer's path, so a slow Graph API never stalls the
    // partition; if it fails or we crash, the periodic sweep sends the pending rows later.
    if (alertIds.length > 0) this.deliveries.deliverInBackground(alertIds);
  }
}

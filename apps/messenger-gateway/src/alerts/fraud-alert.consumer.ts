import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FraudAlertRaisedV1, Topics } from '@kontor/contracts';
import { ConsumedMessageContext, ContractConsumer, EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { claimEvent } from '@kontor/platform-outbox';
import { ConsentRepository } from '../consent/consent.repository';
import { GatewayConfig } from '../gateway.config';
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
      handle: (alert, context) => this.handle(alert, context),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  async handle(alert: FraudAlertRaisedV1, context: ConsumedMessageContext): Promise<void> {
    const created = await this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, GATEWAY_GROUP, context.eventId))) return 0;
      const consents = await this.consents.activeFor(manager, alert.bankId, alert.accountRef, 'fraud_alerts');
      for (const consent of consents) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(AlertDeliveryEntity)
          .values({
            alertId: alert.alertId,
            psid: consent.psid,
            consentId: consent.id,
            locale: consent.locale,
            message: fraudAlertMessage(alert, consent.psid, consent.locale),
            status: 'pending',
          })
          .orIgnore()
          .execute();
      }
      return consents.length;
    });
    // Sending happens after the commit; if it fails or we crash, the sweep sends the pending row later.
    if (created > 0) await this.deliveries.deliverPending([alert.alertId]);
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, platformModules } from '@kontor/platform-runtime';
import { AlertDeliveryService } from './alerts/alert-delivery.service';
import { FraudAlertConsumer } from './alerts/fraud-alert.consumer';
import { FraudFeedbackService } from './alerts/fraud-feedback.service';
import { AccountLinkingService } from './consent/account-linking.service';
import { BankConsentController } from './consent/bank-consent.controller';
import { ConsentExpiryService } from './consent/consent-expiry.service';
import { ConsentPageController } from './consent/consent-page.controller';
import { ConsentRepository } from './consent/consent.repository';
import { ConsentGate } from './consent/consented-reader';
import { LibraryConversation } from './conversation/library-conversation';
import { CONVERSATION_PORT, ConversationPort } from './conversation/conversation.port';
import { ConversationService } from './conversation/conversation.service';
import { GatewayConfig } from './gateway.config';
import { GATEWAY_DATABASE } from './gateway.database';
import { MessengerProfileService } from './messaging/messenger-profile.service';
import { MessengerSender } from './messaging/messenger-sender.service';
import { MerchantOrderConsumer } from './orders/merchant-order.consumer';
import { BalanceReadModelConsumer, TransactionReadModelConsumer } from './read-model/read-model.consumers';
import { SendApiClient } from './send-api/send-api.client';
import { MessengerEventHandler } from './webhook/messenger-event.handler';
import { WebhookInbox } from './webhook/webhook-inbox.service';
import { WebhookController } from './webhook/webhook.controller';

export interface GatewayModuleOptions {
  /** Intent recognition and rendering; @kontor/conversation (LibraryConversation) unless the caller brings another. */
  conversation?: ConversationPort;
}

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, options: GatewayModuleOptions = {}): DynamicModule {
    return {
      module: GatewayModule,
      imports: platformModules(config, { service: 'messenger-gateway', ...GATEWAY_DATABASE }),
      controllers: [HealthController, WebhookController, ConsentPageController, BankConsentController],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: CONVERSATION_PORT, useValue: options.conversation ?? new LibraryConversation() },
        ConsentRepository,
        ConsentGate,
        AccountLinkingService,
        ConsentExpiryService,
        SendApiClient,
        MessengerSender,
        MessengerProfileService,
        AlertDeliveryService,
        FraudAlertConsumer,
        FraudFeedbackService,
        TransactionReadModelConsumer,
        BalanceReadModelConsumer,
        MerchantOrderConsumer,
        ConversationService,
        MessengerEventHandler,
        WebhookInbox,
      ],
    };
  }
}

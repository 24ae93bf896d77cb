import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, platformModules } from '@kontor/platform-runtime';
import { AlertDeliveryService } from './alerts/alert-delivery.service';
import { FraudAlertConsumer } from './alerts/fraud-alert.consumer';
import { ConsentRepository } from './consent/consent.repository';
import { GatewayConfig } from './gateway.config';
import { GATEWAY_DATABASE } from './gateway.database';
import { SendApiClient } from './send-api/send-api.client';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: platformModules(config, { service: 'messenger-gateway', ...GATEWAY_DATABASE }),
      controllers: [HealthController],
      providers: [{ provide: GatewayConfig, useValue: config }, ConsentRepository, SendApiClient, AlertDeliveryService, FraudAlertConsumer],
    };
  }
}

import { DynamicModule, Global, Injectable, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { OutboxWriter } from './outbox';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';

@Injectable()
class OutboxRelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }
}

/** Runs the service's outbox relay for the app's lifetime (needs KafkaModule and DatabaseModule). */
@Global()
@Module({})
export class OutboxModule {
  /** `source` names the service in every event's `kontor-source` header. */
  static forRoot(options: OutboxRelayOptions & { source: string }): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, client: KafkaClient, publisher: EventPublisher) => new OutboxRelay(dataSource, client, publisher, options),
          inject: [DataSource, KafkaClient, EventPublisher],
        },
        { provide: OutboxWriter, useFactory: (relay: OutboxRelay) => new OutboxWriter(options.source, relay), inject: [OutboxRelay] },
        OutboxRelayLifecycle,
      ],
      exports: [OutboxWriter],
    };
  }
}

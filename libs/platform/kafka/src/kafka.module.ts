import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ALL_TOPICS } from '@kontor/contracts';
import { EventPublisher } from './event-publisher';
import { KafkaClient, KafkaConnectionOptions } from './kafka-client';
import { provisionTopics } from './topic-provisioner';

export interface KafkaModuleOptions extends KafkaConnectionOptions {
  /** Create missing catalogue topics at start-up. */
  provisionTopics: boolean;
  replicationFactor: number;
}

export const KAFKA_MODULE_OPTIONS = Symbol('KAFKA_MODULE_OPTIONS');

@Injectable()
class KafkaLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');

  constructor(
    @Inject(KAFKA_MODULE_OPTIONS) private readonly options: KafkaModuleOptions,
    private readonly client: KafkaClient,
    private readonly publisher: EventPublisher,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.provisionTopics) {
      const admin = this.client.kafka.admin();
      await admin.connect();
      try {
        const result = await provisionTopics(admin, ALL_TOPICS, this.client.topicPrefix, this.options.replicationFactor);
        if (result.created.length > 0) this.logger.log(`created topics: ${result.created.join(', ')}`);
      } finally {
        await admin.disconnect();
      }
    }
    await this.publisher.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    await this.client.close();
  }
}

/** Provides KafkaClient and EventPublisher; connects at start-up, disconnects on shutdown. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_MODULE_OPTIONS, useValue: options },
        { provide: KafkaClient, useFactory: () => new KafkaClient(options) },
        { provide: EventPublisher, useFactory: (client: KafkaClient) => new EventPublisher(client, options.clientId), inject: [KafkaClient] },
        KafkaLifecycle,
      ],
      exports: [KafkaClient, EventPublisher],
    };
  }
}

import { Logger } from '@nestjs/common';

/**
 * Starts a Kafka consumer without holding up the service's start. The gateway's webhook must answer while
 * a consumer group is still rebalancing: after a crash, the dead member's session (30 s) delays the
 * group join, and during that time Messenger's redeliveries — including the echoes that confirm pushes
 * sent just before the crash — must already be accepted (they go to PostgreSQL, not Kafka). A failed start
 * is retried with backoff; readiness still reports Kafka's state.
 */
export class ConsumerLifecycle {
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly consumer: { start(): Promise<void>; stop(): Promise<void> },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.starting = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer.stop();
  }

  private async run(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.consumer.start();
        return;
      } catch (error) {
        this.logger.error(`consumer start failed (attempt ${attempt}), retrying: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** attempt)));
      }
    }
  }
}

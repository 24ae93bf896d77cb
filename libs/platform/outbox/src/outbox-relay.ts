import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { advisoryLockKey } from '@kontor/platform-database';
import { EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { kontorMetrics } from '@kontor/platform-observability';
import { OutboxEventEntity } from './outbox-event.entity';
import { ProcessedEventEntity } from './processed-event.entity';

export interface OutboxRelayOptions {
  schema: string;
  batchSize?: number;
  idlePollMs?: number;
  /** Consumed event ids older than this are forgotten (see processed_event); default 35. */
  inboxRetentionDays?: number;
}

const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Publishes outbox rows in commit order and deletes them once Kafka has acknowledged them (acks=all).
 * A transaction-scoped advisory lock makes one relay per schema active at a time, which keeps per-key
 * order across replicas. A crash between publish and delete republishes the same event ids, which
 * consumers skip: at-least-once on the wire, exactly-once in effect.
 * The same loop forgets consumed event ids once they are older than any redelivery could be.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private readonly lockKey: number;
  private wake?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: KafkaClient,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    this.lockKey = advisoryLockKey(`kontor-outbox:${options.schema}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Nudges an idle relay, e.g. right after a commit that enqueued events. */
  notify(): void {
    this.wake?.();
  }

  /** Publishes one batch; returns how many events it published. */
  async relayOnce(): Promise<number> {
    // A cheap look first, so an idle relay does not open a transaction every poll.
    if (!(await this.dataSource.getRepository(OutboxEventEntity).exists())) {
      kontorMetrics().outboxOldestEventAge.set(0);
      return 0;
    }
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [this.lockKey])) as { locked: boolean }[];
      if (!locked) return 0;
      const rows = await manager.getRepository(OutboxEventEntity).find({ order: { id: 'ASC' }, take: this.options.batchSize ?? 500 });
      if (rows.length === 0) return 0;
      await this.publisher.sendRaw(
        rows.map((row) => ({
          topic: `${this.client.topicPrefix}${row.topic}`,
          key: row.messageKey,
          value: JSON.stringify(row.payload),
          headers: row.headers,
        })),
      );
      await manager.getRepository(OutboxEventEntity).delete(rows.map((row) => row.id));
      this.recordRelayed(rows);
      return rows.length;
    });
  }

  /** Relay lag: how long each event waited in the outbox, and how old the oldest one was when published. */
  private recordRelayed(rows: readonly OutboxEventEntity[]): void {
    const metrics = kontorMetrics();
    const now = Date.now();
    for (const row of rows) {
      metrics.outboxRelayDelay.observe(Math.max(0, now - row.createdAt.getTime()) / 1000);
      metrics.outboxPublished.inc({ topic: row.topic });
    }
    metrics.outboxOldestEventAge.set(Math.max(0, now - rows[0].createdAt.getTime()) / 1000);
  }

  private async recordBacklogAge(): Promise<void> {
    const [row] = (await this.dataSource.query(`SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM "${this.options.schema}".outbox_event`)) as { age: number | null }[];
    kontorMetrics().outboxOldestEventAge.set(Math.max(0, row?.age ?? 0));
  }

  /** Deletes inbox rows older than the retention; returns how many. */
  async pruneInbox(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - (this.options.inboxRetentionDays ?? 35) * 24 * 60 * 60 * 1000);
    const result = await this.dataSource
      .getRepository(ProcessedEventEntity)
      .createQueryBuilder()
      .delete()
      .where('processed_at < :cutoff', { cutoff })
      .execute();
    return result.affected ?? 0;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let nextPrune = Date.now();
    while (this.running) {
      try {
        if (Date.now() >= nextPrune) {
          nextPrune = Date.now() + PRUNE_INTERVAL_MS;
          const pruned = await this.pruneInbox();
          if (pruned > 0) this.logger.log(`forgot ${pruned} consumed event ids past the inbox retention`);
        }
        const published = await this.relayOnce();
        failures = 0;
        if (published === 0) await this.idle(this.options.idlePollMs ?? 100);
      } catch (error) {
        failures++;
        // A stuck relay must show as a growing backlog age, not as the last good value.
        await this.recordBacklogAge().catch(() => undefined);
        this.logger.error(`relay failed (attempt ${failures}), will retry: ${error instanceof Error ? error.message : String(error)}`);
        await this.idle(Math.min(5000, 100 * 2 ** failures));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

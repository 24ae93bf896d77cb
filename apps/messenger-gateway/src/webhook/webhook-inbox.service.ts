import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { GatewayConfig } from '../gateway.config';
import { MessengerEventHandler } from './messenger-event.handler';
import { PUSH_METADATA_PREFIX } from '../alerts/fraud-alert.message';
import { echoMetadata, MessengerEvent, PROCESSED_KINDS } from './messenger-webhook';
import { WebhookEventEntity } from './webhook-event.entity';

const SWEEP_INTERVAL_MS = 1_000;
const LEASE_MS = 60_000;
const RETENTION_DAYS = 7;

/**
 * The webhook inbox: `store` runs inside the webhook request (so the 200 means "durable"), processing
 * runs after it, from the table, at least once per event, with retries and backoff. A redelivered event
 * hits the unique dedup key and is dropped. A gateway that stops mid-way leaves leased rows that another
 * sweep takes over when the lease runs out.
 */
@Injectable()
export class WebhookInbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebhookInbox');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private again = false;
  private stopping = false;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handler: MessengerEventHandler,
    private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.processInBackground(), SWEEP_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Stores the events worth processing; returns how many were new. */
  async store(events: readonly MessengerEvent[]): Promise<number> {
    const rows = events
      // Echoes matter only when they confirm one of Kontor's pushes; other echoes, deliveries and reads are dropped.
      .filter((e) => PROCESSED_KINDS.has(e.kind) && (e.kind !== 'echo' || echoMetadata(e).metadata?.startsWith(PUSH_METADATA_PREFIX)))
      .map((e) => ({ dedupKey: e.dedupKey, kind: e.kind, pageId: e.pageId, psid: e.psid ?? null, event: e.event, standby: e.standby, eventTime: new Date(e.timestamp || Date.now()) }));
    if (rows.length === 0) return 0;
    const result = await this.dataSource.createQueryBuilder().insert().into(WebhookEventEntity).values(rows as QueryDeepPartialEntity<WebhookEventEntity>[]).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length;
  }

  /** One processing loop at a time per process; a wake-up during a run makes it go round once more. */
  processInBackground(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.processDue()
      .catch((error: unknown) => this.logger.error(`inbox processing failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.processInBackground();
        }
      });
  }

  async processDue(): Promise<number> {
    let processed = 0;
    for (let row = await this.claim(); row && !this.stopping; row = await this.claim()) {
      await this.process(row);
      processed++;
    }
    if (Date.now() - this.lastPrune > 60 * 60 * 1000) {
      this.lastPrune = Date.now();
      await this.dataSource.query(`DELETE FROM gateway.webhook_event WHERE status IN ('done', 'failed') AND received_at < now() - make_interval(days => $1)`, [RETENTION_DAYS]);
    }
    return processed;
  }

  private async process(row: WebhookEventEntity): Promise<void> {
    const repository = this.dataSource.getRepository(WebhookEventEntity);
    const event: MessengerEvent = { kind: row.kind, dedupKey: row.dedupKey, pageId: row.pageId, psid: row.psid ?? undefined, timestamp: row.eventTime.getTime(), standby: row.standby, event: row.event };
    try {
      await this.handler.handle(event, row.receivedAt);
      await repository.update({ id: row.id, status: 'processing' }, { status: 'done', lastError: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = row.attempts >= this.config.GATEWAY_MAX_ATTEMPTS;
      this.logger.warn(`webhook event ${row.id} (${row.kind}) attempt ${row.attempts} failed${giveUp ? ', giving up' : ''}: ${message}`);
      await repository.update(
        { id: row.id, status: 'processing' },
        giveUp ? { status: 'failed', lastError: message } : { status: 'pending', lastError: message, nextAttemptAt: new Date(Date.now() + 1000 * 2 ** row.attempts) },
      );
    }
  }

  /** Oldest due event first, and a customer's next event only after the previous one is done or failed. */
  private claim(): Promise<WebhookEventEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(WebhookEventEntity)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where("e.status IN ('pending', 'processing')")
        .andWhere('e.next_attempt_at <= now()')
        // One customer's events strictly in order, across replicas too: not while an earlier one is unfinished.
        .andWhere(`NOT EXISTS (SELECT 1 FROM gateway.webhook_event p WHERE p.psid = e.psid AND p.id < e.id AND p.status IN ('pending', 'processing'))`)
        .orderBy('e.id', 'ASC')
        .limit(1)
        .getOne();
      if (!row) return undefined;
      Object.assign(row, { status: 'processing', attempts: row.attempts + 1, nextAttemptAt: new Date(Date.now() + LEASE_MS) });
      return manager.save(row);
    });
  }
}

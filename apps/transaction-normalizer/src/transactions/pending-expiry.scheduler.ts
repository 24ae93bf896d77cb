import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NormalizedTransactionV1 } from '@kontor/contracts';
import { OutboxWriter } from '@kontor/platform-outbox';
import { NormalizerConfig } from '../normalizer.config';
import { nextRevision, TransactionLedger } from './transaction-ledger';
import { FeedEntryEntity } from './feed-entry.entity';
import { TransactionEntity } from './transaction.entity';

/**
 * Expires pending transactions that never posted: older than NORMALIZER_PENDING_EXPIRY_DAYS by booking
 * date, they get a new revision with status `expired`, announced through the outbox. Rows are locked with
 * SKIP LOCKED, so a replica's scheduler or a booked entry matching the same pending one never collide.
 * Once an hour it also forgets feed entries past their retention.
 */
@Injectable()
export class PendingExpiryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PendingExpiry');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private nextPrune = 0;

  constructor(
    private readonly config: NormalizerConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly ledger: TransactionLedger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick(new Date())
        .catch((error: unknown) => this.logger.error(`expiry failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.config.NORMALIZER_EXPIRY_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(now: Date): Promise<void> {
    const expired = await this.expireDue(now);
    if (expired > 0) this.logger.log(`expired ${expired} pending transactions`);
    if (now.getTime() >= this.nextPrune) {
      this.nextPrune = now.getTime() + 60 * 60 * 1000;
      const pruned = await this.pruneFeedEntries(now);
      if (pruned > 0) this.logger.log(`forgot ${pruned} feed entries past their retention`);
    }
  }

  /** Deletes feed-entry rows older than NORMALIZER_FEED_ENTRY_RETENTION_DAYS; returns how many. */
  async pruneFeedEntries(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.NORMALIZER_FEED_ENTRY_RETENTION_DAYS * 86_400_000);
    const result = await this.dataSource.getRepository(FeedEntryEntity).createQueryBuilder().delete().where('created_at < :cutoff', { cutoff }).execute();
    return result.affected ?? 0;
  }

  /** Expires what is due at `now`, up to `limit` at a time; returns how many. */
  async expireDue(now: Date, limit = 500): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.NORMALIZER_PENDING_EXPIRY_DAYS * 86_400_000).toISOString().slice(0, 10);
    const expired = await this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT payload FROM normalizer.transaction WHERE status = 'pending' AND booking_date < $1::date AND payload IS NOT NULL ORDER BY booking_date, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cutoff, limit],
      )) as { payload: NormalizedTransactionV1 }[];
      const next = rows.map((r) => nextRevision(r.payload, 'expired', now));
      for (const tx of next) await manager.update(TransactionEntity, { id: tx.transactionId }, { status: tx.status, revision: tx.revision, payload: tx });
      await this.outbox.enqueue(manager, next.map((tx) => this.ledger.event(tx)));
      return next.length;
    });
    if (expired > 0) this.outbox.flush();
    return expired;
  }
}

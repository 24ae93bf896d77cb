import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NormalizedTransactionV1 } from '@kontor/contracts';
import { OutboxWriter } from '@kontor/platform-outbox';
import { NormalizerConfig } from '../normalizer.config';
import { nextRevision, TransactionLedger } from './transaction-ledger';
import { TransactionEntity } from './transaction.entity';

/**
 * Expires pending transactions that never posted: older than NORMALIZER_PENDING_EXPIRY_DAYS by booking
 * date, they get a new revision with status `expired`, announced through the outbox. Rows are locked with
 * SKIP LOCKED, so a replica's scheduler or a booked entry matching the same pending one never collide.
 */
@Injectable()
export class PendingExpiryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PendingExpiry');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly config: NormalizerConfig,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly ledger: TransactionLedger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.expireDue(new Date())
        .then((n) => n > 0 && this.logger.log(`expired ${n} pending transactions`))
        .catch((error: unknown) => this.logger.error(`expiry failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.config.NORMALIZER_EXPIRY_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FraudConfig } from '../fraud.config';

/** Marks open cases past their expiry as expired (the customer never answered). Nothing is learned from silence. */
@Injectable()
export class CaseExpiryJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CaseExpiryJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: FraudConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.expireDue().finally(() => (this.running = undefined));
    }, this.config.FRAUD_CASE_SWEEP_SECONDS * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Returns how many cases expired. */
  async expireDue(now: Date = new Date()): Promise<number> {
    try {
      const rows: unknown[] = await this.dataSource.query(
        `UPDATE fraud.fraud_case SET status = 'expired', resolved_at = $1, resolved_by = 'expiry' WHERE status = 'open' AND expires_at <= $1 RETURNING alert_id`,
        [now],
      );
      const expired = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
      if (expired > 0) this.logger.log(`${expired} case(s) expired unanswered`);
      return expired;
    } catch (error) {
      this.logger.warn(`case expiry failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }
}

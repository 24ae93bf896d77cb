import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@kontor/platform-outbox';
import { FraudConfig } from '../fraud.config';
import { caseUpdatedEvent } from './case-resolution';
import { FraudCaseEntity } from './fraud-case.entity';

/** Marks open cases past their expiry as expired (the customer never answered). Nothing is learned from silence. */
@Injectable()
export class CaseExpiryJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CaseExpiryJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: FraudConfig,
    private readonly outbox: OutboxWriter,
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
      const expired = await this.dataSource.transaction(async (manager) => {
        const result = await manager
          .createQueryBuilder()
          .update(FraudCaseEntity)
          .set({ status: 'expired', resolvedAt: now, resolvedBy: 'expiry' })
          .where(`status = 'open' AND expires_at <= :now`, { now })
          .returning('alert_id, transaction_id, bank_id, account_ref, rule_set_version')
          .execute();
        const rows = result.raw as { alert_id: string; transaction_id: string; bank_id: string; account_ref: string; rule_set_version: string }[];
        await this.outbox.enqueue(
          manager,
          rows.map((r) =>
            caseUpdatedEvent({ alertId: r.alert_id, transactionId: r.transaction_id, bankId: r.bank_id, accountRef: r.account_ref, status: 'expired', resolvedBy: 'expiry', ruleSetVersion: r.rule_set_version }, now),
          ),
        );
        return rows.length;
      });
      if (expired > 0) {
        this.outbox.flush();
        this.logger.log(`${expired} case(s) expired unanswered`);
      }
      return expired;
    } catch (error) {
      this.logger.warn(`case expiry failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }
}

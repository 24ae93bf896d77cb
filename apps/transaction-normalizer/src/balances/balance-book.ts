import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountBalanceV1, BalanceCheck, BalanceReportedV1, Topics } from '@kontor/contracts';
import { currencyExponent } from '@kontor/money';
import { AVAILABLE_BALANCE_TYPES, BOOKED_BALANCE_TYPES, checkBalance, includesTransactionsOfItsDay, POSTED_STATUSES, statedBalanceMinor } from '@kontor/normalization';
import { OutgoingEvent } from '@kontor/platform-kafka';
import { uuidV5 } from '@kontor/util';
import { BalanceStatementEntity } from './balance-statement.entity';

type Statement = Pick<BalanceStatementEntity, 'accountRef' | 'currency' | 'balanceType' | 'asOfDate' | 'amountMinor' | 'bankId' | 'accountMasked'>;

/** The end of a booking date as an instant (UTC), for `asOf` when only a date is known. */
const endOfDay = (date: string) => `${date}T23:59:59.999Z`;

/**
 * Booked and available balances per account over time: what banks stated (balance_statement), the
 * balance computed from the last stated booked balance plus the posted transactions since, and the check
 * of each stated booked balance against the previous one plus the transactions between them.
 */
@Injectable()
export class BalanceBook {
  /** Posted transactions of an account and currency after one statement and up to (and including) a date. */
  private async postedBetween(manager: EntityManager, from: Statement, untilDate: string | undefined): Promise<bigint> {
    const fromInclusive = !includesTransactionsOfItsDay(from.balanceType);
    const [{ total }] = (await manager.query(
      `SELECT COALESCE(SUM(CASE WHEN direction = 'credit' THEN amount_minor ELSE -amount_minor END), 0)::text AS total
         FROM normalizer.transaction WHERE account_ref = $1 AND currency = $2 AND status = ANY($3::text[])
          AND (booking_date > $4::date OR ($5 AND booking_date = $4::date)) AND ($6::date IS NULL OR booking_date <= $6::date)`,
      [from.accountRef, from.currency, POSTED_STATUSES, from.asOfDate, fromInclusive, untilDate ?? null],
    )) as { total: string }[];
    return BigInt(total);
  }

  /** The latest booked statement strictly before (date, type), ordering opening before closing on a date. */
  private async previousBooked(manager: EntityManager, accountRef: string, currency: string, before?: { date: string; type: string }): Promise<BalanceStatementEntity | undefined> {
    const rows = await manager
      .getRepository(BalanceStatementEntity)
      .createQueryBuilder('s')
      .where('s.account_ref = :accountRef AND s.currency = :currency AND s.balance_type IN (:...types)', { accountRef, currency, types: BOOKED_BALANCE_TYPES })
      .andWhere(
        before
          ? `(s.as_of_date < :date OR (s.as_of_date = :date AND :type <> 'opening-booked' AND s.balance_type = 'opening-booked'))`
          : 'TRUE',
        before ?? {},
      )
      .orderBy('s.as_of_date', 'DESC')
      .addOrderBy(`CASE s.balance_type WHEN 'closing-booked' THEN 0 WHEN 'interim-booked' THEN 1 ELSE 2 END`)
      .limit(1)
      .getMany();
    return rows[0];
  }

  private async checkStatement(manager: EntityManager, statement: Statement): Promise<{ check: BalanceCheck; computed?: bigint }> {
    const previous = await this.previousBooked(manager, statement.accountRef, statement.currency, { date: statement.asOfDate, type: statement.balanceType });
    if (!previous) return { check: checkBalance(BigInt(statement.amountMinor), undefined) };
    const computed = BigInt(previous.amountMinor) + (await this.postedBetween(manager, previous, includesTransactionsOfItsDay(statement.balanceType) ? statement.asOfDate : dayBefore(statement.asOfDate)));
    return { check: checkBalance(BigInt(statement.amountMinor), computed), computed };
  }

  private event(balance: AccountBalanceV1, causeEventId: string): OutgoingEvent<AccountBalanceV1> {
    return { topic: Topics.accountBalance, key: balance.accountRef, payload: balance, eventId: uuidV5(`${Topics.accountBalance.name}|${balance.accountRef}|${balance.currency}|${causeEventId}`) };
  }

  /** Stores a stated balance, checks it against the transactions, and announces it (basis `statement`). */
  async applyStatement(manager: EntityManager, reported: BalanceReportedV1, causeEventId: string, now: Date): Promise<OutgoingEvent[]> {
    const statement: BalanceStatementEntity = {
      accountRef: reported.accountRef,
      currency: reported.currency,
      balanceType: reported.balanceType,
      asOfDate: reported.asOfDate,
      bankId: reported.bankId,
      accountMasked: reported.accountMasked,
      amountMinor: statedBalanceMinor(reported).toString(),
      asOfDateTime: reported.asOfDateTime ? new Date(reported.asOfDateTime) : null,
      feedId: reported.feedId,
      statementRef: reported.statementRef ?? null,
      computedMinor: null,
      checkStatus: 'unchecked',
      differenceMinor: null,
      reportedAt: now,
    };
    const booked = BOOKED_BALANCE_TYPES.includes(reported.balanceType);
    if (booked) {
      const { check, computed } = await this.checkStatement(manager, statement);
      Object.assign(statement, { computedMinor: computed?.toString() ?? null, checkStatus: check.status, differenceMinor: check.differenceMinor ?? null });
    }
    await manager.getRepository(BalanceStatementEntity).upsert(statement, ['accountRef', 'currency', 'balanceType', 'asOfDate']);
    const latestBooked = booked ? statement : await this.previousBooked(manager, reported.accountRef, reported.currency);
    if (!latestBooked) return []; // an available balance alone: nothing booked to publish yet
    const available = AVAILABLE_BALANCE_TYPES.includes(reported.balanceType) ? statement.amountMinor : undefined;
    const balance: AccountBalanceV1 = {
      bankId: reported.bankId,
      accountRef: reported.accountRef,
      accountMasked: reported.accountMasked,
      currency: reported.currency,
      currencyExponent: currencyExponent(reported.currency),
      bookedMinor: latestBooked.amountMinor,
      ...(available !== undefined && { availableMinor: available }),
      asOf: reported.asOfDateTime ?? endOfDay(reported.asOfDate),
      basis: 'statement',
      check: { status: latestBooked.checkStatus, ...(latestBooked.differenceMinor !== null && { differenceMinor: latestBooked.differenceMinor }) },
      updatedAt: now.toISOString(),
    };
    return [this.event(balance, causeEventId)];
  }

  /**
   * After new posted transactions: for each account with a stated booked balance, the computed balance
   * (that balance plus everything posted since), and the latest statement re-checked, since its
   * transactions may arrive after it (balances and entries travel on different topics).
   */
  async afterTransactions(manager: EntityManager, accountRefs: ReadonlySet<string>, causeEventId: string, now: Date): Promise<OutgoingEvent[]> {
    if (accountRefs.size === 0) return [];
    const latest = (await manager.query(
      `SELECT DISTINCT ON (account_ref, currency) account_ref AS "accountRef", currency, balance_type AS "balanceType", to_char(as_of_date, 'YYYY-MM-DD') AS "asOfDate",
              amount_minor::text AS "amountMinor", bank_id AS "bankId", account_masked AS "accountMasked", check_status AS "checkStatus"
         FROM normalizer.balance_statement WHERE account_ref = ANY($1::text[]) AND balance_type = ANY($2::text[])
        ORDER BY account_ref, currency, as_of_date DESC, CASE balance_type WHEN 'closing-booked' THEN 0 WHEN 'interim-booked' THEN 1 ELSE 2 END`,
      [[...accountRefs], BOOKED_BALANCE_TYPES],
    )) as (Statement & { checkStatus: string })[];
    const events: OutgoingEvent[] = [];
    for (const statement of latest) {
      const { check, computed: checkedAt } = await this.checkStatement(manager, statement);
      await manager.update(
        BalanceStatementEntity,
        { accountRef: statement.accountRef, currency: statement.currency, balanceType: statement.balanceType, asOfDate: statement.asOfDate },
        { computedMinor: checkedAt?.toString() ?? null, checkStatus: check.status, differenceMinor: check.differenceMinor ?? null },
      );
      const computed = BigInt(statement.amountMinor) + (await this.postedBetween(manager, statement, undefined));
      events.push(
        this.event(
          {
            bankId: statement.bankId,
            accountRef: statement.accountRef,
            accountMasked: statement.accountMasked,
            currency: statement.currency,
            currencyExponent: currencyExponent(statement.currency),
            bookedMinor: computed.toString(),
            asOf: now.toISOString(),
            basis: 'computed',
            check,
            updatedAt: now.toISOString(),
          },
          causeEventId,
        ),
      );
    }
    return events;
  }
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, UseGuards } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { ACCOUNT_REF, FRAUD_CASE_STATUSES, FraudCaseStatus } from '@kontor/contracts';
import { OutboxWriter } from '@kontor/platform-outbox';
import { ProblemException } from '@kontor/platform-runtime';
import { AnalystRequest, AnalystTokenGuard } from './analyst-token.guard';
import { CaseVerdict, resolveCase } from './case-resolution';
import { FraudCaseEntity } from './fraud-case.entity';

export class CaseListQuery {
  @IsOptional()
  @IsIn(FRAUD_CASE_STATUSES)
  status?: FraudCaseStatus;

  @IsOptional()
  @Matches(ACCOUNT_REF)
  accountRef?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  minScore?: number;

  /** Cases opened at or after / before these instants. */
  @IsOptional()
  @IsISO8601({ strict: true })
  openedFrom?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  openedTo?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[0-9]{13}_[0-9a-f-]{36}$/)
  cursor?: string;
}

export class ResolveCaseBody {
  @IsIn(['confirmed_fraud', 'confirmed_genuine'])
  resolution!: CaseVerdict;

  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

function validated<T extends object>(cls: new () => T, input: unknown): T {
  const instance = plainToInstance(cls, input ?? {}, { enableImplicitConversion: true });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new ProblemException(400, 'request-invalid', 'Invalid request', errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  }
  return instance;
}

/** What an analyst sees of a case. No PAN exists anywhere to show; the card is its last four digits. */
export function caseView(c: FraudCaseEntity) {
  return {
    alertId: c.alertId,
    transactionId: c.transactionId,
    bankId: c.bankId,
    accountRef: c.accountRef,
    accountMasked: c.accountMasked,
    cardLast4: c.cardLast4,
    merchantName: c.merchantName,
    amountMinor: c.amountMinor,
    currency: c.currency,
    currencyExponent: c.currencyExponent,
    score: c.score,
    reasons: c.reasons,
    ruleSetVersion: c.ruleSetVersion,
    status: c.status,
    occurredAt: c.occurredAt.toISOString(),
    openedAt: c.openedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    resolvedBy: c.resolvedBy,
    note: c.note,
  };
}

/** The bank analysts' case API: list with filters, read, resolve. Every query is scoped to the token's bank. */
@Controller('v1/fraud/cases')
@UseGuards(AnalystTokenGuard)
export class CaseController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  @Get()
  async list(@Req() request: AnalystRequest, @Query() raw: Record<string, unknown>) {
    const q = validated(CaseListQuery, raw);
    const limit = q.limit ?? 50;
    const query = this.dataSource.getRepository(FraudCaseEntity).createQueryBuilder('c').where('c.bank_id = :bankId', { bankId: request.bankId });
    if (q.status) query.andWhere('c.status = :status', { status: q.status });
    if (q.accountRef) query.andWhere('c.account_ref = :accountRef', { accountRef: q.accountRef });
    if (q.minScore !== undefined) query.andWhere('c.score >= :minScore', { minScore: q.minScore });
    if (q.openedFrom) query.andWhere('c.opened_at >= :from', { from: q.openedFrom });
    if (q.openedTo) query.andWhere('c.opened_at < :to', { to: q.openedTo });
    if (q.cursor) {
      const [ms, alertId] = q.cursor.split('_');
      query.andWhere('(c.opened_at, c.alert_id) < (:at, :alertId)', { at: new Date(Number(ms)), alertId });
    }
    const rows = await query.orderBy('c.opened_at', 'DESC').addOrderBy('c.alert_id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { cases: page.map(caseView), nextCursor: rows.length > limit && last ? `${last.openedAt.getTime()}_${last.alertId}` : null };
  }

  @Get(':alertId')
  async read(@Req() request: AnalystRequest, @Param('alertId', new ParseUUIDPipe()) alertId: string) {
    const found = await this.dataSource.getRepository(FraudCaseEntity).findOne({ where: { alertId, bankId: request.bankId } });
    if (!found) throw new ProblemException(404, 'case-not-found', 'Case not found', 'No case with this alert id belongs to your bank.');
    return caseView(found);
  }

  /** 200 with the resolved case; 409 when it was resolved before (the first verdict stands). */
  @Post(':alertId/resolve')
  @HttpCode(200)
  async resolve(@Req() request: AnalystRequest, @Param('alertId', new ParseUUIDPipe()) alertId: string, @Body() raw: unknown) {
    const body = validated(ResolveCaseBody, raw);
    const result = await this.dataSource.transaction((manager) =>
      resolveCase(manager, alertId, body.resolution, 'analyst', { bankId: request.bankId, at: new Date(), ...(body.note !== undefined && { note: body.note }) }),
    );
    if (result.outcome === 'resolved') this.outbox.flush();
    if (result.outcome === 'not-found') throw new ProblemException(404, 'case-not-found', 'Case not found', 'No case with this alert id belongs to your bank.');
    if (result.outcome === 'already-resolved') {
      throw new ProblemException(409, 'case-already-resolved', 'Case already resolved', `The case is ${result.fraudCase.status}.`, { case: caseView(result.fraudCase) });
    }
    return caseView(result.fraudCase);
  }
}

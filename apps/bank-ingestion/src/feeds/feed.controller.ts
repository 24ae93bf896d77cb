import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { domainMetrics } from '@kontor/platform-observability';
import { ProblemException } from '@kontor/platform-runtime';
import { AuthenticatedBankRequest, BankSignatureGuard } from '../banks/bank-signature.guard';
import { problem } from '../ingestion-problems';
import { FeedIntakeService, FeedStatusDocument } from './feed-intake.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('v1/feeds')
@UseGuards(BankSignatureGuard)
export class FeedController {
  constructor(private readonly intake: FeedIntakeService) {}

  /** 202 with the feed's status; a repeated request gets the same feed and `Idempotent-Replayed: true`. */
  @Post()
  @HttpCode(202)
  async submit(
    @Req() request: AuthenticatedBankRequest,
    @Headers('content-type') contentType: string | undefined,
    @Headers('traceparent') traceparent: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FeedStatusDocument> {
    const result = await this.intake
      .accept({
        bankId: request.bankId,
        idempotencyKey: request.idempotencyKey,
        contentType,
        body: request.body,
        traceparent,
        signatureReplayed: request.signatureReplayed,
        ...(typeof request.query.accountId === 'string' && { accountId: request.query.accountId }),
      })
      .catch((error: unknown) => {
        if (error instanceof ProblemException && error.getStatus() < 500) domainMetrics.feedOutcome('rejected', request.bankId);
        throw error;
      });
    domainMetrics.feedOutcome(result.replayed ? 'replayed' : 'accepted', request.bankId);
    response.setHeader('Location', `/v1/feeds/${result.feedId}`);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result;
  }

  @Get(':feedId')
  async status(@Req() request: AuthenticatedBankRequest, @Param('feedId') feedId: string): Promise<FeedStatusDocument> {
    const feed = UUID.test(feedId) ? await this.intake.find(request.bankId, feedId) : undefined;
    if (!feed) throw problem('feed-not-found', 'No feed with this id belongs to your bank.');
    return feed;
  }
}

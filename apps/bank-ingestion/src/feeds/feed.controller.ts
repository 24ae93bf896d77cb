import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { domainMetrics } from '@kontor/platform-observability';
import { ProblemException } from '@kontor/platform-runtime';
import { AuthenticatedBankRequest, BankSignatureGuard } from '../banks/bank-signature.guard';
import { FeedIntakeService, FeedReceipt } from './feed-intake.service';

@Controller('v1/feeds')
@UseGuards(BankSignatureGuard)
export class FeedController {
  constructor(private readonly intake: FeedIntakeService) {}

  /** 202 with the feed id; a repeated request gets the same feed and `Idempotent-Replayed: true`. */
  @Post()
  @HttpCode(202)
  async submit(
    @Req() request: AuthenticatedBankRequest,
    @Headers('content-type') contentType: string | undefined,
    @Headers('traceparent') traceparent: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FeedReceipt> {
    const result = await this.intake.accept(request.bankId, request.idempotencyKey, contentType, request.rawBody, traceparent).catch((error: unknown) => {
      if (error instanceof ProblemException && error.getStatus() < 500) domainMetrics.feedOutcome('rejected', request.bankId);
      throw error;
    });
    domainMetrics.feedOutcome(result.replayed ? 'replayed' : 'accepted', request.bankId);
    response.setHeader('Location', `/v1/feeds/${result.feedId}`);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result;
  }

  @Get(':feedId')
  async status(@Req() request: AuthenticatedBankRequest, @Param('feedId', new ParseUUIDPipe()) feedId: string): Promise<FeedReceipt> {
    const feed = await this.intake.find(request.bankId, feedId);
    if (!feed) throw new ProblemException(404, 'feed-not-found', 'Feed not found', 'No feed with this id belongs to your bank.');
    return feed;
  }
}

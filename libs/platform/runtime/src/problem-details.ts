import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

export const PROBLEM_TYPE_BASE = 'https://kontor.dev/problems/';

/** An RFC 9457 problem: `reason` is the stable, machine-readable code clients switch on. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly reason: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ reason, title, detail }, status);
  }
}

/** Renders every error as application/problem+json; internals never leak into the response. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<{ url: string }>();
    let body: Record<string, unknown>;
    if (exception instanceof ProblemException) {
      body = { type: PROBLEM_TYPE_BASE + exception.reason, title: exception.title, status: exception.getStatus(), detail: exception.detail, reason: exception.reason, ...exception.extensions };
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const reason = status === HttpStatus.NOT_FOUND ? 'not-found' : status === HttpStatus.PAYLOAD_TOO_LARGE ? 'body-too-large' : `http-${status}`;
      body = { type: PROBLEM_TYPE_BASE + reason, title: exception.message, status, reason };
    } else if (isBodyParserError(exception)) {
      const reason = exception.type === 'entity.too.large' ? 'body-too-large' : 'body-unreadable';
      body = { type: PROBLEM_TYPE_BASE + reason, title: exception.type === 'entity.too.large' ? 'Request body too large' : 'Request body could not be read', status: exception.status, reason };
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      body = { type: PROBLEM_TYPE_BASE + 'internal-error', title: 'Internal error', status: 500, reason: 'internal-error' };
    }
    body.instance = request.url.split('?')[0];
    response.status(body.status as number).type('application/problem+json').send(JSON.stringify(body));
  }
}

function isBodyParserError(e: unknown): e is { type: string; status: number } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && typeof (e as { status?: unknown }).status === 'number';
}

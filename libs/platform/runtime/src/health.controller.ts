import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { KafkaClient } from '@kontor/platform-kafka';

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))]);
}

async function check(run: () => Promise<unknown>): Promise<{ status: 'up' | 'down'; error?: string }> {
  try {
    await withTimeout(run());
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  }
}

/** Liveness says the process serves HTTP; readiness says it can reach PostgreSQL and Kafka. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClient,
  ) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    const [database, kafka] = await Promise.all([check(() => this.dataSource.query('SELECT 1')), check(() => this.kafka.ping())]);
    const up = database.status === 'up' && kafka.status === 'up';
    response.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', checks: { database, kafka } });
  }
}
